/** Bounded waiting for the pair to reach a state, tolerant of the connection dropping meanwhile. */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { pause } from '../interrupt.js';

export interface WaitOptions {
  /** Give up after this many ms. */
  timeout: number;
  /** Between probes, ms. */
  interval?: number;
  signal: AbortSignal;
  /** Called with each observation (for progress lines). */
  onObservation?: (text: string) => void;
}

/** What one probe found: the awaited value, or what it saw instead (for progress and the timeout message). */
export type Probe<T> = { done: true; value: T } | { done: false; observed: string };

export const done = <T>(value: T): Probe<T> => ({ done: true, value });
export const notYet = <T = never>(observed: string): Probe<T> => ({ done: false, observed });

/**
 * Calls `probe` until it returns a value. A probe that throws (the controller is rebooting, the
 * client is reconnecting) counts as "not yet"; its message is kept for the timeout error.
 */
export async function waitFor<T>(what: string, probe: () => Promise<Probe<T>>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeout;
  let last = 'no answer yet';
  for (;;) {
    options.signal.throwIfAborted();
    try {
      const r = await probe();
      if (r.done) return r.value;
      if (r.observed !== last) options.onObservation?.(r.observed);
      last = r.observed;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      last = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
    if (Date.now() >= deadline) {
      throw new CliError(
        `Timed out after ${Math.round(options.timeout / 1000)} s waiting for ${what} (last: ${last})`,
        EXIT.TIMEOUT,
        'The pair may still get there; check with `truenas-failover status`, or wait longer with --wait SECONDS.',
      );
    }
    await pause(Math.min(options.interval ?? 500, Math.max(0, deadline - Date.now())), options.signal);
  }
}
