import { TrueNasError } from '../../errors/truenas-error.js';

/**
 * A workflow did its work on the server, but the pair did not reach the expected state within
 * the time allowed (e.g. disabled reasons remain after re-enabling, or the two controllers'
 * configurations differ after a sync). The change was made: read the state before retrying.
 */
export class FailoverVerificationError extends TrueNasError {
  static override readonly kind: string = 'FailoverVerificationError';
  readonly workflow: string;
  /** Which check failed, e.g. `reasons-empty`, `config-matches`, `node-changed`. */
  readonly check: string;
  /** What was expected, and what was last seen. */
  readonly expected: unknown;
  readonly observed: unknown;

  constructor(workflow: string, check: string, message: string, expected: unknown, observed: unknown, options: { cause?: unknown } = {}) {
    super(`${workflow}: verification "${check}" failed: ${message}`, options);
    this.workflow = workflow;
    this.check = check;
    this.expected = expected;
    this.observed = observed;
  }
}
