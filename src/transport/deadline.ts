/**
 * A signal that aborts when `parent` does, or with a `TimeoutError` DOMException after `ms`.
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])` does not do this reliably on Node 20: the
 * timeout signal is held only weakly there and may be garbage-collected before it fires
 * (nodejs/node#57736), which left connection attempts unbounded now and then. Here the timer holds
 * the controller; `clear()` (call it once the operation is over) releases both.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  clear(): void;
}

export function deadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  const onAbort = () => {
    clear();
    controller.abort(parent.reason);
  };
  const timer = setTimeout(() => {
    parent.removeEventListener('abort', onAbort);
    controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  // The operation it bounds (a socket, a request) is what keeps a process alive, not this timer.
  (timer as { unref?: () => void }).unref?.();
  const clear = () => {
    clearTimeout(timer);
    parent.removeEventListener('abort', onAbort);
  };
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, clear };
}

/** Runs `work` with a signal bounded by `ms` (and `parent`), and releases the timer afterwards. */
export async function withDeadline<T>(parent: AbortSignal, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const bound = deadline(parent, ms);
  try {
    return await work(bound.signal);
  } finally {
    bound.clear();
  }
}
