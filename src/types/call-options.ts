/** Options of a single call, accepted as the last argument of every method. */
export interface CallOptions {
  /**
   * Milliseconds to wait for the answer before the call rejects with a `TimeoutError`. Defaults to
   * the client's `timeout`. For a job this bounds starting it, not waiting for it to finish.
   */
  timeout?: number;
  /**
   * Aborting the signal rejects the call with an `AbortedError` at once (the server may still run
   * it). For a job it stops waiting for the job; the job runs on unless `abortJobOnSignal`.
   */
  signal?: AbortSignal;
  /**
   * Jobs only: when `signal` aborts, also ask the server to abort the job (`core.job_abort`). If the
   * start request is on its way and the job id is not known yet, the client waits for the id, then
   * aborts the job; a start that had not been sent is simply not sent. Default false.
   */
  abortJobOnSignal?: boolean;
}
