/**
 * Ctrl-C and SIGTERM: the first one stops waiting (commands see their signal abort and end
 * cleanly, server jobs keep running unless --abort-on-interrupt); a second one exits at once.
 */
import { InterruptedError } from './errors.js';

export interface Interrupts {
  readonly signal: AbortSignal;
  /** Which signal arrived, if any. */
  readonly received: NodeJS.Signals | undefined;
  dispose(): void;
}

export function installInterrupts(onFirst?: (signal: NodeJS.Signals) => void): Interrupts {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals) => {
    if (received) {
      // A second Ctrl-C: the operator wants out now.
      process.exit(130);
    }
    received = sig;
    onFirst?.(sig);
    controller.abort(new InterruptedError(sig === 'SIGINT' ? 'Interrupted (Ctrl-C).' : `Stopped by ${sig}.`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Rejects with the signal's reason when it aborts; resolves with `promise` otherwise. */
export function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Sleeps, or rejects with the signal's reason. Leaves no listener behind (waits loop many times). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
