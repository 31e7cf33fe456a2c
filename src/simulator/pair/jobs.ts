/**
 * Jobs of one controller for one boot: ids start at 1 on every boot and increase, as on TrueNAS.
 * A job is created WAITING, runs when its lock is free, reports progress, and ends SUCCESS,
 * FAILED or ABORTED; every change is announced (`added` once, then `changed`) so that the
 * transports can push `core.get_jobs` events. When the controller goes down, its running jobs
 * simply stop: they vanish with the boot, as they would on a rebooted controller.
 */
import { setMaxListeners } from 'node:events';
import { ERRNO, errnoName } from '../../errors/errno.js';
import { SimCallError, SimUnexpectedError, SimValidationErrors } from '../errors.js';
import { FlowAborted } from '../util/clock.js';

export type JobState = 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'ABORTED';

export interface JobCredentials {
  type: string;
  data: Record<string, unknown>;
}

export interface JobProgress {
  percent: number | null;
  description: string | null;
  extra: unknown;
}

/** What a running job's body can do. */
export interface JobContext {
  readonly job: Job;
  /** Aborts when the controller running the job goes down. */
  readonly signal: AbortSignal;
  /** Reports progress; `percent` null keeps the last percent (TrueNAS semantics). */
  setProgress(percent: number | null, description?: string | null, extra?: unknown): void;
  /** Waits a simulated duration; throws FlowAborted when the controller goes down. */
  sleep(simulatedMs: number): Promise<void>;
}

export interface JobSpec {
  method: string;
  arguments: unknown[];
  messageId?: unknown;
  credentials: JobCredentials | null;
  /** Jobs sharing a lock run one at a time; later ones wait. */
  lock?: string;
  /** True when aborting a running job cancels it (coroutine jobs such as `core.job_wait`). */
  cancellable?: boolean;
  run(ctx: JobContext): Promise<unknown>;
}

export interface JobHost {
  now(): number;
  sleep(simulatedMs: number, signal: AbortSignal): Promise<void>;
  /** Announces a job event (`added`/`changed`). */
  announce(msg: 'added' | 'changed', job: Job): void;
  /** Fault hook: may throw to make the job fail at this progress. */
  checkProgressFault(job: Job, percent: number | null): void;
}

function pythonTraceback(className: string, text: string, method: string): string {
  return `Traceback (most recent call last):\n  File "<truenas-failover simulator>", line 1, in ${method}\n${className}: ${text}\n`;
}

export class Job {
  readonly messageIds: unknown[] = [];
  state: JobState = 'WAITING';
  progress: JobProgress = { percent: 0, description: '', extra: null };
  result: unknown = null;
  error: string | null = null;
  exception: string | null = null;
  excInfo: { repr: string | null; type: string | null; errno: number | null; extra: unknown } | null = null;
  timeStarted: number;
  timeFinished: number | null = null;
  /** Settles when the job reaches a final state (never rejects). */
  readonly finished: Promise<void>;
  private settle!: () => void;
  readonly abortController = new AbortController();
  /** Called on every announced change of this job (used by `core.job_wait`). */
  readonly watchers = new Set<() => void>();

  constructor(
    readonly id: number,
    readonly spec: JobSpec,
    now: number,
  ) {
    if (spec.messageId !== undefined) this.messageIds.push(spec.messageId);
    this.timeStarted = now;
    this.finished = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get method(): string {
    return this.spec.method;
  }

  get done(): boolean {
    return this.state === 'SUCCESS' || this.state === 'FAILED' || this.state === 'ABORTED';
  }

  /** The job object as `core.get_jobs` and its events carry it. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      message_ids: [...this.messageIds],
      method: this.spec.method,
      arguments: this.spec.arguments,
      transient: false,
      description: null,
      abortable: false,
      logs_path: null,
      logs_excerpt: null,
      progress: { ...this.progress },
      result: this.state === 'SUCCESS' ? this.result : null,
      result_encoding_error: null,
      error: this.error,
      exception: this.exception,
      exc_info: this.excInfo,
      state: this.state,
      time_started: { $date: this.timeStarted },
      time_finished: this.timeFinished === null ? null : { $date: this.timeFinished },
      credentials: this.spec.credentials,
    };
  }

  /** Final state reached: resolves waiters. */
  finish(state: 'SUCCESS' | 'FAILED' | 'ABORTED', now: number): void {
    this.state = state;
    this.timeFinished = now;
    if (state === 'SUCCESS' && this.progress.percent !== 100) this.progress = { ...this.progress, percent: 100 };
    this.settle();
  }

  /** The controller went down under the job: it never ends, but waiters must not wait forever. */
  abandon(): void {
    this.settle();
  }

  /** Records the exception that ended the job, in TrueNAS's `error`/`exception`/`exc_info` fields. */
  fail(err: unknown): void {
    if (err instanceof SimValidationErrors) {
      this.error = err.message;
      this.exception = pythonTraceback(err.className, err.message, this.spec.method);
      this.excInfo = { repr: err.repr, type: 'VALIDATION', errno: err.single ? err.issues[0]!.errno : null, extra: err.triples };
    } else if (err instanceof SimCallError) {
      this.error = err.reason;
      this.exception = pythonTraceback(err.className, err.reason, this.spec.method);
      this.excInfo = { repr: err.repr, type: err.className, errno: err.errno, extra: err.extra ?? null };
    } else {
      // job.py `__encode__`: any other exception reports its class name and no errno.
      const unexpected = err instanceof SimUnexpectedError ? err : new SimUnexpectedError(err instanceof Error ? err.message : String(err));
      this.error = unexpected.message;
      this.exception = pythonTraceback(unexpected.className, unexpected.message, this.spec.method);
      this.excInfo = { repr: unexpected.repr, type: unexpected.className, errno: null, extra: null };
    }
  }

  /** The error a new-style (`legacy_jobs: false`) caller receives when this job did not succeed. */
  failureAsError(): Error {
    const info = this.excInfo;
    if (this.state === 'ABORTED') return new SimCallError('Job aborted', ERRNO.ECONNABORTED);
    if (info?.type === 'VALIDATION') {
      const triples = (info.extra as [string, string, number][]) ?? [];
      return new SimValidationErrors(
        triples.map(([attribute, message, errno]) => ({ attribute, message, errno })),
        triples.length === 1 && info.errno !== null,
      );
    }
    // An exception that is neither a CallError nor a validation error travels as the server's unadapted error.
    if (info && info.errno === null && info.type !== 'CallError') return new SimUnexpectedError(this.error ?? '', info.type ?? 'Exception');
    const errno = info?.errno ?? ERRNO.EFAULT;
    const prefix = `[${errnoName(errno)}] `;
    const text = this.error ?? 'Job failed';
    return new SimCallError(
      text.startsWith(prefix) ? text.slice(prefix.length) : text,
      errno,
      info?.extra ?? null,
      info?.type ?? 'CallError',
    );
  }
}

/** The jobs of one controller during one boot. */
export class JobList {
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private readonly lockQueues = new Map<string, Job[]>();

  constructor(
    private readonly host: JobHost,
    /** Aborts when this boot ends. */
    readonly bootSignal: AbortSignal,
  ) {
    bootSignal.addEventListener('abort', () => {
      for (const job of this.jobs.values()) if (!job.done) job.abandon();
    });
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  private announce(msg: 'added' | 'changed', job: Job): void {
    this.host.announce(msg, job);
    for (const watcher of [...job.watchers]) watcher();
  }

  /** True while a job of one of these methods is waiting or running. */
  anyActive(methods: readonly string[]): boolean {
    for (const job of this.jobs.values()) if (!job.done && methods.includes(job.method)) return true;
    return false;
  }

  /** Creates and schedules a job; with a busy lock and five already queued, joins the last queued job. */
  start(spec: JobSpec): Job {
    if (spec.lock) {
      const queue = this.lockQueues.get(spec.lock) ?? [];
      const waiting = queue.filter((j) => j.state === 'WAITING');
      if (waiting.length >= 5) {
        const last = waiting[waiting.length - 1]!;
        if (spec.messageId !== undefined) last.messageIds.push(spec.messageId);
        this.announce('changed', last);
        return last;
      }
    }
    const job = new Job(this.nextId++, spec, this.host.now());
    this.jobs.set(job.id, job);
    this.announce('added', job);
    if (spec.lock) {
      const queue = this.lockQueues.get(spec.lock) ?? [];
      queue.push(job);
      this.lockQueues.set(spec.lock, queue);
      if (queue.length === 1) this.run(job);
    } else {
      this.run(job);
    }
    return job;
  }

  /** `core.job_abort`: a waiting job ends ABORTED; a running one only if it is cancellable. */
  abort(job: Job): void {
    if (job.done) return;
    if (job.state === 'WAITING') {
      this.release(job);
      job.finish('ABORTED', this.host.now());
      this.announce('changed', job);
    } else if (job.spec.cancellable) {
      job.abortController.abort();
    }
  }

  private run(job: Job): void {
    if (job.done) return;
    // Starts on the next turn of the event loop so that the caller's reply (the job id) goes out first.
    setImmediate(() => void this.execute(job));
  }

  private async execute(job: Job): Promise<void> {
    if (job.done || this.bootSignal.aborted) return;
    const signal = AbortSignal.any([this.bootSignal, job.abortController.signal]);
    setMaxListeners(0, signal);
    job.state = 'RUNNING';
    this.announce('changed', job);
    const ctx: JobContext = {
      job,
      signal,
      setProgress: (percent, description, extra) => {
        if (signal.aborted) throw new FlowAborted();
        this.host.checkProgressFault(job, percent);
        job.progress = {
          percent: percent === null ? job.progress.percent : Math.max(0, Math.min(100, Math.round(percent))),
          description: description === undefined ? job.progress.description : description,
          extra: extra === undefined ? job.progress.extra : extra,
        };
        this.announce('changed', job);
      },
      sleep: (ms) => this.host.sleep(ms, signal),
    };
    try {
      job.result = await job.spec.run(ctx);
      if (this.bootSignal.aborted) return;
      job.finish('SUCCESS', this.host.now());
    } catch (err) {
      if (this.bootSignal.aborted) return; // the controller went down: the job is gone
      if (job.abortController.signal.aborted) {
        job.finish('ABORTED', this.host.now());
      } else {
        job.fail(err);
        job.finish('FAILED', this.host.now());
      }
    } finally {
      if (!this.bootSignal.aborted) {
        this.release(job);
        this.announce('changed', job);
      }
    }
  }

  private release(job: Job): void {
    const lock = job.spec.lock;
    if (!lock) return;
    const queue = this.lockQueues.get(lock);
    if (!queue) return;
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    if (i === 0 && queue.length > 0) this.run(queue[0]!);
  }
}
