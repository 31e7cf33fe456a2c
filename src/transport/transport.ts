/**
 * What a client needs from a connection to one controller. The WebSocket JSON-RPC transport
 * implements it; a REST transport can implement the same `call` (one HTTP request per call).
 */
export interface TransportCallOptions {
  /** Aborting it rejects the call with the signal's reason; a queued call is then never sent. */
  signal?: AbortSignal;
  /** Send ahead of queued calls (used for the client's own bookkeeping: subscriptions, job queries). */
  priority?: boolean;
  /** Called when the request is written to the wire (it may then have reached the server). */
  onSent?: () => void;
  /**
   * True when the caller bounds the call by itself once it is on the wire (the client's call
   * pipeline): `signal` is then read only if the call has to wait in a local queue, so that a call
   * sent at once costs no abort listener.
   */
  signalOnlyWhileQueued?: boolean;
}

export interface Transport {
  readonly kind: 'websocket' | 'rest';
  /** The endpoint URL, e.g. `wss://nas/api/v25.10.0`. */
  readonly url: string;
  /** False once the transport can no longer carry calls. */
  readonly open: boolean;
  /**
   * Calls `method` with positional `params`. Resolves with the result; rejects with a `CallError`
   * (or `ValidationError`) when the server answers with an error, `ConnectionClosedError` (with
   * `sent`) when the connection ends first, `MessageTooLargeError`, `QueueFullError`, or the
   * signal's reason.
   */
  call(method: string, params: readonly unknown[], options?: TransportCallOptions): Promise<unknown>;
  /** Closes the transport; calls still pending reject with `ConnectionClosedError`. */
  close(reason?: string): void;
}
