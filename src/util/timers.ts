/** Timer helpers that honour abort signals. */

/** Like `setTimeout`, but the timer does not hold a Node process open. */
export function unrefTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const t = setTimeout(fn, ms);
  (t as { unref?: () => void }).unref?.();
  return t;
}

/**
 * Resolves after `ms`, or rejects with the signal's reason when it aborts first. The timer holds a
 * Node process open: it is only used while the client works towards something (reconnect back-off,
 * login pacing, polling a job), and a script awaiting that work must not be ended by Node for lack
 * of pending timers (exit code 13) while the socket is down.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `work`, or rejects with the signal's reason as soon as it aborts: for waiting on
 * something shared (a subscription other callers wait on too) that one caller's signal must not cancel.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
