import type { JobInfo } from '../types/job.js';
import { TrueNasError } from './truenas-error.js';

/** A job ended in state `ABORTED` (through `job.abort()` or otherwise). */
export class JobAbortedError extends TrueNasError {
  static override readonly kind: string = 'JobAbortedError';
  readonly jobId: number;
  readonly method: string;
  readonly job: JobInfo;

  constructor(job: JobInfo) {
    super(`Job ${job.id} (${job.method}) was aborted${job.error ? `: ${job.error}` : '.'}`);
    this.jobId = job.id;
    this.method = job.method;
    this.job = job;
  }
}
