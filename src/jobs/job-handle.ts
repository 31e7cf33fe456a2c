/**
 * `Job<T>`: what a job method returns at once. A thenable over the job's result, with its id,
 * state, progress (listener and async iterator) and `abort()`. It is fed job snapshots by whoever
 * follows the job (the WebSocket client's `core.get_jobs` subscription, or a REST poller).
 */
import { JobAbortedError } from '../errors/job-aborted-error.js';
import { JobFailedError } from '../errors/job-failed-error.js';
import type { Job, JobInfo, JobProgress, JobState } from '../types/job.js';

/** What a job handle needs from the client that follows it. */
export interface JobDriver {
  /** Called once, the first time someone awaits or observes the job: start following it. */
  observe(job: JobHandle<unknown>): void;
  /** Asks the server to abort job `id`. */
  abort(id: number): Promise<void>;
}

const TERMINAL: ReadonlySet<string> = new Set(['SUCCESS', 'FAILED', 'ABORTED']);
const ORDER: Record<string, number> = { WAITING: 0, RUNNING: 1, SUCCESS: 2, FAILED: 2, ABORTED: 2 };

/** Where a job runs: job ids mean something only on that controller during that boot. */
export interface JobOrigin {
  url: string;
  node: string | undefined;
  bootId: string | undefined;
}

// Shared by every job: a rejection handler that only marks the rejection handled.
const ignore = () => {};

/**
 * A promise settled from outside. The settle functions are dropped once it has settled, so that a
 * long-lived job keeps only the promise (heap per followed job, bench/suites/memory.ts).
 */
class Deferred<T> {
  readonly promise: Promise<T>;
  private settle: { resolve(value: T): void; reject(error: unknown): void } | undefined;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  resolve(value: T): void {
    this.settle?.resolve(value);
    this.settle = undefined;
  }

  reject(error: unknown): void {
    // Nobody may ever await a fire-and-forget job: its rejection must not crash the process.
    this.promise.catch(ignore);
    this.settle?.reject(error);
    this.settle = undefined;
  }
}

/** How a job ended, kept until someone asks for the result promise (made on first use). */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export class JobHandle<T> implements Job<T> {
  readonly method: string;
  private readonly startedDeferred = new Deferred<number>();
  // The result promise is made when someone awaits the job; until then an ending is kept in `outcome`.
  private resultDeferred: Deferred<T> | undefined;
  private outcome: Outcome<T> | undefined;
  // Few listeners per job: an array (made on first use) costs less than a Set.
  private listeners: ((progress: JobProgress) => void)[] | undefined;
  // Made for the first iterator only: most jobs never have one, and an empty Set costs ~100 bytes a job.
  private iterators: Set<{ push(p: JobProgress | undefined): void }> | undefined;
  private jobId: number | undefined;
  private jobState: JobState | 'STARTING' = 'STARTING';
  private progressValue: JobProgress | undefined;
  private lastInfo: JobInfo | undefined;
  private observed = false;
  private done = false;
  /** True when the client stopped following the job (its signal) while it still ran on the server. */
  private released = false;
  /** Controller the job runs on, once started. */
  origin: JobOrigin | undefined;

  constructor(
    method: string,
    private readonly driver: JobDriver,
  ) {
    this.method = method;
  }

  get [Symbol.toStringTag](): string {
    return 'Job';
  }

  get started(): Promise<number> {
    return this.startedDeferred.promise;
  }

  get id(): number | undefined {
    return this.jobId;
  }

  // Reading the state or progress is observing the job: from then on it is followed.
  get state(): JobState | 'STARTING' {
    this.observe();
    return this.jobState;
  }

  get lastProgress(): JobProgress | undefined {
    this.observe();
    return this.progressValue;
  }

  /** The last job object received, if any. */
  get info(): JobInfo | undefined {
    this.observe();
    return this.lastInfo;
  }

  /** True once the job ended (or can no longer be followed). */
  get finished(): boolean {
    return this.done;
  }

  /** True once someone awaited or observed the job. */
  get isObserved(): boolean {
    return this.observed;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Job is deliberately a thenable, awaited for its result.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.observe();
    return this.result().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    this.observe();
    return this.result().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    this.observe();
    return this.result().finally(onfinally);
  }

  on(event: 'progress', listener: (progress: JobProgress) => void): () => void {
    if (event !== 'progress') throw new TypeError(`Job.on: unknown event ${JSON.stringify(event)}; only 'progress' exists`);
    this.observe();
    if (this.done) return () => false;
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.listeners!.splice(at, 1);
      return at >= 0;
    };
  }

  progress(): AsyncIterableIterator<JobProgress> {
    this.observe();
    const buffer: JobProgress[] = [];
    let wake: (() => void) | undefined;
    let ended = this.done;
    const sink = {
      push: (p: JobProgress | undefined) => {
        if (p === undefined) ended = true;
        else if (buffer.length < 1000) buffer.push(p);
        wake?.();
      },
    };
    if (!ended) (this.iterators ??= new Set()).add(sink);
    if (this.progressValue) buffer.push(this.progressValue);
    const iterator: AsyncIterableIterator<JobProgress> = {
      next: async () => {
        while (buffer.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        const value = buffer.shift();
        if (value !== undefined) return { value, done: false };
        this.iterators?.delete(sink);
        return { value: undefined, done: true };
      },
      return: async () => {
        ended = true;
        buffer.length = 0;
        this.iterators?.delete(sink);
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async abort(): Promise<void> {
    const id = await this.started;
    // A job the client merely stopped following still runs on the server: it can still be aborted.
    if (this.done && !this.released) return;
    await this.driver.abort(id);
  }

  /** The result promise, made on first use (settled at once when the job already ended). */
  private result(): Promise<T> {
    if (!this.resultDeferred) {
      this.resultDeferred = new Deferred<T>();
      if (this.outcome) this.settle(this.outcome);
    }
    return this.resultDeferred.promise;
  }

  private settle(outcome: Outcome<T>): void {
    this.outcome = outcome;
    if (!this.resultDeferred) return;
    if (outcome.ok) this.resultDeferred.resolve(outcome.value);
    else this.resultDeferred.reject(outcome.error);
  }

  private observe(): void {
    if (this.observed) return;
    this.observed = true;
    this.driver.observe(this as JobHandle<unknown>);
  }

  // ---- fed by the driver ----

  /** The server accepted the job and gave it an id. */
  markStarted(id: number, origin: JobOrigin | undefined): void {
    if (this.jobId !== undefined) return;
    this.jobId = id;
    this.origin = origin;
    this.startedDeferred.resolve(id);
  }

  /** The job never started (or it is unknown whether it did): the start call failed. */
  failToStart(error: unknown): void {
    // `started` settles even when the signal already stopped the waiting for the result.
    if (this.jobId === undefined) this.startedDeferred.reject(error);
    if (this.done) return;
    this.end();
    this.settle({ ok: false, error });
  }

  /** A job object from an event or a query. Ignores snapshots older than what is known. */
  update(info: JobInfo): void {
    if (this.done || info.id !== this.jobId) return;
    if (this.jobState !== 'STARTING' && (ORDER[info.state] ?? 0) < (ORDER[this.jobState] ?? 0)) return;
    this.lastInfo = info;
    const previous = this.progressValue;
    this.jobState = info.state;
    const p = info.progress ?? { percent: null, description: null, extra: null };
    const progress: JobProgress = {
      percent: p.percent ?? null,
      description: p.description ?? null,
      extra: p.extra ?? null,
      state: info.state,
    };
    if (
      !previous ||
      previous.percent !== progress.percent ||
      previous.description !== progress.description ||
      previous.state !== progress.state ||
      JSON.stringify(previous.extra) !== JSON.stringify(progress.extra)
    ) {
      this.progressValue = progress;
      if (this.listeners)
        for (const listener of [...this.listeners]) {
          try {
            listener(progress);
          } catch (error) {
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      if (this.iterators) for (const it of this.iterators) it.push(progress);
    }
    if (!TERMINAL.has(info.state)) return;
    this.end();
    if (info.state === 'SUCCESS') this.settle({ ok: true, value: info.result as T });
    else if (info.state === 'ABORTED') this.settle({ ok: false, error: new JobAbortedError(info) });
    else this.settle({ ok: false, error: new JobFailedError(info) });
  }

  /** The job can no longer be followed (lost after a failover, or the client closed). */
  fail(error: unknown): void {
    if (this.done) return;
    this.end();
    this.settle({ ok: false, error });
  }

  /** The caller's signal stopped following the job; it goes on on the server (and `abort()` still reaches it). */
  release(error: unknown): void {
    if (this.done) return;
    this.released = true;
    this.fail(error);
  }

  private end(): void {
    this.done = true;
    if (this.iterators) for (const it of this.iterators) it.push(undefined);
    this.iterators = undefined;
    this.listeners = undefined;
  }
}
