import { TrueNasError, type TrueNasErrorOptions } from './truenas-error.js';

/** Why a login failed. */
export type AuthFailure =
  | 'AUTH_ERR'
  | 'EXPIRED'
  | 'DENIED'
  | 'OTP_REQUIRED'
  | 'SCRAM_UNSUPPORTED'
  | 'SCRAM_PROTOCOL'
  | 'SERVER_SIGNATURE'
  | 'MISSING_CREDENTIALS'
  | 'UNEXPECTED_RESPONSE';

export interface AuthErrorDetails extends TrueNasErrorOptions {
  failure: AuthFailure;
  /** The login mechanism used: `SCRAM`, `API_KEY_PLAIN`, `PASSWORD_PLAIN`, `TOKEN_PLAIN`, `OTP_TOKEN`. */
  mechanism?: string;
  url?: string;
}

/** Login failed: bad credentials, expired or revoked key, missing second factor, or a SCRAM failure. */
export class AuthError extends TrueNasError {
  static override readonly kind: string = 'AuthError';
  readonly failure: AuthFailure;
  readonly mechanism: string | undefined;
  readonly url: string | undefined;

  constructor(message: string, details: AuthErrorDetails) {
    super(message, details);
    this.failure = details.failure;
    this.mechanism = details.mechanism;
    this.url = details.url;
  }
}
