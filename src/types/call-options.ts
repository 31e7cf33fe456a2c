/** Options of a single call, accepted as the last argument of every method. */
export interface CallOptions {
  /**
   * Milliseconds to wait for the answer before the call rejects with a `TimeoutError`. Defaults to
   * the client's `timeout`. For a job this bounds starting it, not waiting for it to finish.
   */
  timeout?: number;
  /** Aborting the signal rejects the call with an `AbortedError` (the server may still run it). */
  signal?: AbortSignal;
}
