import { TimeoutError } from '../../errors/timeout-error.js';

/** `waitFor` (or a workflow step waiting for the pair) gave up; `lastObservation` says what it saw. */
export class HaWaitTimeoutError extends TimeoutError {
  static override readonly kind: string = 'HaWaitTimeoutError';
  /** What was awaited, in words. */
  readonly what: string;
  /** The last state seen (or the last error while reading it). */
  readonly lastObservation: string;

  constructor(what: string, timeout: number, lastObservation: string, cause?: unknown) {
    super(
      what,
      timeout,
      false,
      `Timed out after ${timeout} ms waiting for ${what} (last seen: ${lastObservation}). The pair may still get there; read its state before acting again.`,
      cause,
    );
    this.what = what;
    this.lastObservation = lastObservation;
  }
}
