/**
 * The bound of an upload, shared by both clients: the caller's `signal`, and `timeout` only when
 * given. Update images are large and links slow, so an upload has no default timeout (a stalled
 * one is ended by the signal or the controller). Aborting mid-way may leave a job started on the
 * server: the error says it may have been sent.
 */
import { AbortedError } from '../errors/aborted-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { CallOptions } from '../types/call-options.js';
import { checkSignal } from '../util/signal.js';

export function uploadSignal(method: string, options: CallOptions): { signal: AbortSignal; done(): void } {
  checkSignal(`upload ${method}`, options.signal);
  const abort = new AbortController();
  const onAbort = () => abort.abort(new AbortedError(method, options.signal?.reason, true));
  if (options.signal?.aborted) abort.abort(new AbortedError(method, options.signal.reason, false));
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const timeout = options.timeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0)) {
    throw new TypeError(`upload ${method}: options.timeout must be a number of milliseconds (0 or Infinity for none)`);
  }
  const timer =
    timeout !== undefined && timeout > 0 && Number.isFinite(timeout)
      ? setTimeout(() => abort.abort(new TimeoutError(method, timeout, true)), timeout)
      : undefined;
  return {
    signal: abort.signal,
    done: () => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}
