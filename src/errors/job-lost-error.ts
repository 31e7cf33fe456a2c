import { TrueNasError } from './truenas-error.js';

/**
 * The client can no longer follow a job: the controller that ran it went away (failover, reboot)
 * and the controller reached now does not know it. Job ids are per controller and per boot. The
 * job may have finished, failed or been killed by the reboot; check the resulting state.
 */
export class JobLostError extends TrueNasError {
  static override readonly kind: string = 'JobLostError';
  readonly jobId: number;
  readonly method: string;
  /** Why it is considered lost. */
  readonly detail: string;

  constructor(jobId: number, method: string, detail: string) {
    super(`Job ${jobId} (${method}) can no longer be followed: ${detail}. Its outcome is unknown; check the state it was meant to change.`);
    this.jobId = jobId;
    this.method = method;
    this.detail = detail;
  }
}
