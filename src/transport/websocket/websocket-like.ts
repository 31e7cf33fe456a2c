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

export type { TlsOptions } from '../tls.js';

export const WS_OPEN = 1;
