import { TrueNasError, type TrueNasErrorOptions } from './truenas-error.js';

export interface ConnectionClosedDetails extends TrueNasErrorOptions {
  /** Controller URL the connection went to. */
  url?: string;
  /** WebSocket close code, when known (1006 = dropped without a close frame). */
  closeCode?: number;
  /** Close reason text, when the server gave one. */
  closeReason?: string;
  /** Method whose call was cut off, when this error is about one call. */
  method?: string;
  /** True when the request had been written to the socket before the connection closed. */
  sent?: boolean;
}

/** The connection closed (dropped, closed by the server, or `client.close()` was called). */
export class ConnectionClosedError extends TrueNasError {
  static override readonly kind: string = 'ConnectionClosedError';
  readonly url: string | undefined;
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  readonly method: string | undefined;
  readonly sent: boolean;

  constructor(message: string, details: ConnectionClosedDetails = {}) {
    super(message, details);
    this.url = details.url;
    this.closeCode = details.closeCode;
    this.closeReason = details.closeReason;
    this.method = details.method;
    this.sent = details.sent ?? false;
  }
}
