import { TrueNasError } from '../../errors/truenas-error.js';
import type { HaSnapshot } from '../types.js';

/** The condition a workflow checks before it changes anything. */
export type FailoverPrecondition =
  /** The system carries an HA license (there is another controller). */
  | 'licensed'
  /** The client reaches the active controller (`MASTER`). */
  | 'active-controller'
  /** Failover is not administratively disabled. */
  | 'failover-enabled'
  /** The other controller answers, has booted and runs the same version. */
  | 'peer-healthy'
  /** `failover.disabled.reasons` is empty. */
  | 'no-disabled-reasons'
  /** The server's API version can do what was asked (e.g. 25.04 cannot designate the other node). */
  | 'supported-by-version'
  /** The caller's `confirm` callback agreed. */
  | 'confirmed';

/**
 * A workflow refused to start: a precondition does not hold. Nothing was changed on the pair.
 * `precondition` names the check, `snapshot` is the state it was judged on (when read).
 */
export class FailoverPreconditionError extends TrueNasError {
  static override readonly kind: string = 'FailoverPreconditionError';
  readonly workflow: string;
  readonly precondition: FailoverPrecondition;
  readonly snapshot: HaSnapshot | undefined;
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(workflow: string, precondition: FailoverPrecondition, message: string, snapshot?: HaSnapshot, hint?: string) {
    super(`${workflow}: precondition "${precondition}" not met: ${message}${hint ? ` ${hint}` : ''} Nothing was changed.`);
    this.workflow = workflow;
    this.precondition = precondition;
    this.snapshot = snapshot;
    this.hint = hint;
  }
}
