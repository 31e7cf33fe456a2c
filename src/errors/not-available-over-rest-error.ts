import { TrueNasError } from './truenas-error.js';

/** The method exists but this TrueNAS version does not expose it over REST /api/v2.0. */
export class NotAvailableOverRestError extends TrueNasError {
  static override readonly kind: string = 'NotAvailableOverRestError';
  readonly method: string;
  readonly version: string | undefined;

  constructor(method: string, version?: string) {
    super(`${method} is not exposed over REST${version ? ` by API ${version}` : ''}; use a WebSocket (wss://) client for it.`);
    this.method = method;
    this.version = version;
  }
}
