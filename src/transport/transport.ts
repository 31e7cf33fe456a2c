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
   * Present when the caller bounds and settles the call by itself (the client's call pipeline),
   * and true once it has given up on it. A transport may then leave `signal` unread where this
   * tells it enough: the WebSocket one drops such a call unsent if it is still queued when its
   * turn comes, and never settles it, which costs nothing per call (an abort signal and its
   * listener for each queued call took about a third of a 1,000-call burst, docs/benchmarks.md).
   */
  readonly dropped?: boolean;
  /**
   * With `dropped`: set by the transport while it holds the call in its queue (one function for
   * all its calls, so that it can count them); the caller calls it once when it gives up.
   */
  whenDropped?: (() => void) | undefined;
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
