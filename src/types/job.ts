import type * as Latest from '../generated/v27_0_0/types.js';

/** A server-side job as `core.get_jobs` reports it. */
export type JobInfo = Latest.Job;
/** Lifecycle state of a job. */
export type JobState = Latest.JobState;

/** One progress report of a job. */
export interface JobProgress {
  /** Completion 0–100, or null when the server cannot tell. */
  percent: number | null;
  /** What the job is doing now. */
  description: string | null;
  /** Job-specific details. */
  extra: unknown;
  /** State of the job when this progress was reported. */
  state: JobState;
}

/**
 * A job started by a job method. It is a thenable: `await job` gives the result, or rejects with
 * `JobFailedError` / `JobAbortedError` / `JobLostError`. The job id is known once the server has
 * answered (`await job.started`).
 */
export interface Job<T> extends PromiseLike<T> {
  /** Resolves to the job id once the server has accepted the job. */
  readonly started: Promise<number>;
  /** The job id, or undefined until the server has answered. */
  readonly id: number | undefined;
  /** Last known state. */
  readonly state: JobState | 'STARTING';
  /** Last known progress. */
  readonly lastProgress: JobProgress | undefined;
  /** The last job object received (`core.get_jobs` shape: `credentials`, `logs_excerpt`, …), if any. */
  readonly info: JobInfo | undefined;
  /** Progress reports as an async iterator; it ends when the job ends. */
  progress(): AsyncIterableIterator<JobProgress>;
  /** Calls the listener on every progress report; returns a function that removes it. */
  on(event: 'progress', listener: (progress: JobProgress) => void): () => void;
  /** Asks the server to abort the job (`core.job_abort`). */
  abort(): Promise<void>;
  /** Same as `then(undefined, onrejected)`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>;
  /** Same as `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T>;
}
