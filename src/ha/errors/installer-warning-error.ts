import { TrueNasError } from '../../errors/truenas-error.js';

/**
 * The `failover.upgrade` job stopped at the installer's pre-check warning (the job failed with
 * EAGAIN). The downloaded update is kept on the controller; accept the warning by running the
 * upgrade again with `resume: true` (or pass `acceptWarning`).
 */
export class InstallerWarningError extends TrueNasError {
  static override readonly kind: string = 'InstallerWarningError';
  /** The installer's warning text. */
  readonly warning: string;
  readonly jobId: number | undefined;

  constructor(warning: string, jobId: number | undefined, cause: unknown) {
    super(
      `The update installer warned: ${warning}. Nothing was installed; to accept the warning, run the rolling upgrade again with resume: true.`,
      { cause },
    );
    this.warning = warning;
    this.jobId = jobId;
  }
}
