import type { JobInfo } from '../types/job.js';
import { redact } from '../util/redact.js';
import type { ValidationIssue } from '../validation/arguments.js';
import { errnoName } from './errno.js';
import { issuesFromExtra } from './from-rpc.js';
import { TrueNasError } from './truenas-error.js';

/** `exc_info` of a failed job. */
export interface JobExcInfo {
  repr?: string | null;
  /** Exception class name, or `VALIDATION`. */
  type?: string | null;
  errno?: number | null;
  extra?: unknown;
}

/** A job ended in state `FAILED`. */
export class JobFailedError extends TrueNasError {
  static override readonly kind: string = 'JobFailedError';
  readonly jobId: number;
  readonly method: string;
  /** The job's error text, e.g. `[EAGAIN] <installer warning>`. */
  readonly error: string;
  /** errno from `exc_info` (11 = EAGAIN for an upgrade warning that `resume: true` accepts). */
  readonly errno: number | undefined;
  readonly errname: string | undefined;
  readonly excInfo: JobExcInfo | null;
  /** Last lines of the job's log, when the server kept one. */
  readonly logsExcerpt: string | null;
  /** Validation problems when `exc_info.type` is `VALIDATION`. */
  readonly issues: readonly ValidationIssue[];
  /** The final job object. */
  readonly job: JobInfo;

  constructor(raw: JobInfo) {
    // The job's texts may echo input: they pass through the same redaction as messages.
    const job = redact(raw);
    const exc = (job.exc_info ?? null) as JobExcInfo | null;
    const error = typeof job.error === 'string' && job.error ? job.error : 'the job failed without an error text';
    super(`Job ${job.id} (${job.method}) failed: ${error}`);
    this.jobId = job.id;
    this.method = job.method;
    this.error = error;
    this.errno = typeof exc?.errno === 'number' ? exc.errno : undefined;
    this.errname = this.errno === undefined ? undefined : errnoName(this.errno);
    this.excInfo = exc;
    this.logsExcerpt = typeof job.logs_excerpt === 'string' ? job.logs_excerpt : null;
    this.issues = exc?.type === 'VALIDATION' ? issuesFromExtra(exc.extra) : [];
    this.job = job;
  }
}
