/** The part of the WHATWG WebSocket API the client uses; the browser's, undici's and `ws` all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  /** `ws` only: drop the connection at once without a closing handshake. */
  terminate?(): void;
}

/** A WebSocket constructor (`globalThis.WebSocket`, `ws`, or anything compatible). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: never) => WebSocketLike;

/** TLS options for Node (passed to `ws`): trust a custom CA, present a client certificate, etc. */
export interface TlsOptions {
  /** Certificate authority (PEM) to trust, e.g. the CA that signed the TrueNAS certificate. */
  ca?: string | Uint8Array | (string | Uint8Array)[];
  /** Set to false to accept any certificate (only for testing: it disables server authentication). */
  rejectUnauthorized?: boolean;
  /** Name to verify the certificate against when connecting by IP address. */
  servername?: string;
  /** Client certificate (PEM). */
  cert?: string | Uint8Array;
  /** Client private key (PEM). */
  key?: string | Uint8Array;
}

export const WS_OPEN = 1;
