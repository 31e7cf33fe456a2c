/**
 * The `Authorization` header of every REST request (REST has no login: each request carries the
 * credential): `Bearer <api key>`, `Basic <user:password>` or `Token <token>`. Like the WebSocket
 * client, it refuses to put a secret on plain http:// to a host that is not loopback unless
 * `allowInsecure` is set.
 */
import type { Credentials } from '../auth/credentials.js';
import { AuthError } from '../errors/auth-error.js';
import { InsecureTransportError } from '../errors/insecure-transport-error.js';
import type { ControllerAddress } from '../util/url.js';

export interface AuthorizationHeader {
  /** `Bearer`, `Basic` or `Token`. */
  scheme: string;
  value: string;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The header for `credentials`, or undefined without credentials. */
export function authorizationHeader(credentials: Credentials | undefined): AuthorizationHeader | undefined {
  if (!credentials) return undefined;
  switch (credentials.kind) {
    case 'api-key':
      if (!credentials.raw) {
        throw new AuthError(
          'REST sends the API key itself (Authorization: Bearer); precomputed SCRAM keys work only with a WebSocket (wss://) client.',
          { failure: 'MISSING_CREDENTIALS', mechanism: 'Bearer' },
        );
      }
      return { scheme: 'Bearer', value: `Bearer ${credentials.raw}` };
    case 'password':
      return { scheme: 'Basic', value: `Basic ${base64(`${credentials.username}:${credentials.password}`)}` };
    case 'token':
      return { scheme: 'Token', value: `Token ${credentials.token}` };
  }
}

const CREDENTIAL_NAMES = { 'api-key': 'API key', password: 'password', token: 'token' } as const;

/** Throws `InsecureTransportError` when a secret would go over plain http:// to a non-loopback host. */
export function checkTransportSecurity(address: ControllerAddress, credentials: Credentials | undefined, allowInsecure: boolean): void {
  if (!credentials || address.secure || address.loopback || allowInsecure) return;
  throw new InsecureTransportError(address.httpBase, CREDENTIAL_NAMES[credentials.kind]);
}
