/**
 * Follows the jobs someone awaits or observes, over either transport. What is written once here:
 * starting a job and learning its id, following it only while someone watches, reading it by id
 * (on whichever controller the client reaches now), losing it when its controller went away
 * (failover, reboot: job ids are per controller and per boot), the caller's signal, and closing.
 * How fresh snapshots arrive is the feed's business (job-feeds.ts): the `core.get_jobs` event
 * subscription over WebSocket, polling over REST.
 */
import { AbortedError } from '../errors/aborted-error.js';
import { AuthError } from '../errors/auth-error.js';
import { JobLostError } from '../errors/job-lost-error.js';
import { TrueNasError } from '../errors/truenas-error.js';
import type { CallOptions } from '../types/call-options.js';
import type { JobInfo } from '../types/job.js';
import type { InternalLogger } from '../util/logger.js';
import { type JobDriver, JobHandle, type JobOrigin } from './job-handle.js';
import { describeOrigin, sameController } from './origin.js';

/** What the tracker needs from the client. */
export interface JobTrackerHost {
  logger: InternalLogger;
  /** The controller the ready connection reached, if any. */
  currentOrigin(): JobOrigin | undefined;
  /** A call through the client (waits for a connection, retries reads); reports which controller answered. */
  call(
    method: string,
    params: unknown[],
    options: CallOptions | undefined,
    internal: boolean,
  ): Promise<{ result: unknown; origin: JobOrigin | undefined }>;
  defaultTimeout: number;
}

/** How the tracker learns that a job moved (job-feeds.ts: events over WebSocket, polling over REST). */
export interface JobFeed {
  /** Before a job starts: make sure none of its updates will be missed. */
  prepare(options: CallOptions): Promise<void>;
  /** The tracker follows `job` now. */
  follow(job: JobHandle<unknown>): void;
  /** The tracker no longer follows `job`. */
  forget(job: JobHandle<unknown>): void;
  /** A new connection is ready: updates may have been missed. */
  reattached(): void;
  /** Whether a timer of the feed is armed (for `client.stats()`). */
  readonly pollTimerArmed: boolean;
  close(): void;
}

const RECENT_LIMIT = 256;
const FINAL: ReadonlySet<string> = new Set(['SUCCESS', 'FAILED', 'ABORTED']);
const SNAPSHOTS_PER_JOB = 32;

interface Followed {
  job: JobHandle<unknown>;
  /** `time_started` of the first snapshot read: behind a VIP another controller's job may have the same id. */
  startedAt: string | undefined;
  offSignal: (() => void) | undefined;
}

export class JobTracker implements JobDriver {
  private readonly tracked = new Map<number, Followed>();
  // Snapshots of jobs nobody tracks yet, kept only while a job start awaits its id: the server
  // may announce the job before it answers the call that created it.
  private readonly recent = new Map<number, JobInfo[]>();
  private readonly signals = new WeakMap<JobHandle<unknown>, AbortSignal>();
  private pendingStarts = 0;
  private closed = false;
  private readonly feed: JobFeed;

  constructor(
    private readonly host: JobTrackerHost,
    feed: (tracker: JobTracker) => JobFeed,
  ) {
    this.feed = feed(this);
  }

  /** Jobs being followed now. */
  get size(): number {
    return this.tracked.size;
  }

  /** The jobs followed now. */
  get jobs(): JobHandle<unknown>[] {
    return [...this.tracked.values()].map((f) => f.job);
  }

  /** What the tracker holds now (for `client.stats()`): followed jobs, starts under way, ids of unclaimed snapshots kept. */
  stats(): { tracked: number; starting: number; recentJobIds: number; pollTimer: boolean } {
    return {
      tracked: this.tracked.size,
      starting: this.pendingStarts,
      recentJobIds: this.recent.size,
      pollTimer: this.feed.pollTimerArmed,
    };
  }

  /** Starts job method `method`; the returned handle settles with the job. */
  start<T>(method: string, params: unknown[], options: CallOptions = {}): JobHandle<T> {
    return this.startWith<T>(method, options, async () => {
      const { result, origin } = await this.host.call(method, params, options, false);
      if (typeof result !== 'number' || !Number.isInteger(result)) {
        throw new TrueNasError(`${method} answered ${JSON.stringify(result)?.slice(0, 60)} instead of a job id.`);
      }
      return { id: result, origin };
    });
  }

  /**
   * Starts a job some other way (`begin`, e.g. an HTTP upload that answers the job id) and follows
   * it like any other: the feed is made ready first, so no early event is missed. Once the job has
   * started, `options.signal` stops following it (`AbortedError`); the job goes on on the server.
   */
  startWith<T>(method: string, options: CallOptions, begin: () => Promise<{ id: number; origin: JobOrigin | undefined }>): JobHandle<T> {
    const job = new JobHandle<T>(method, this);
    if (options?.signal) this.signals.set(job as JobHandle<unknown>, options.signal);
    this.pendingStarts++;
    void (async () => {
      try {
        await this.feed.prepare(options ?? {});
        const { id, origin } = await begin();
        job.markStarted(id, origin);
        if (job.isObserved) this.track(job as JobHandle<unknown>);
      } catch (error) {
        job.failToStart(error);
      } finally {
        if (--this.pendingStarts === 0) this.recent.clear();
      }
    })();
    return job;
  }

  /** JobDriver: someone awaits or listens to the job now. */
  observe(job: JobHandle<unknown>): void {
    if (job.id !== undefined && !job.finished) this.track(job);
  }

  /** JobDriver: abort. */
  async abort(id: number): Promise<void> {
    await this.host.call('core.job_abort', [id], { timeout: this.host.defaultTimeout }, true);
  }

  /** A `core.get_jobs` notification. */
  handleEvent(fields: unknown): void {
    const info = fields as JobInfo | undefined;
    if (!info || typeof info.id !== 'number') return;
    const job = this.tracked.get(info.id)?.job;
    if (job) {
      if (job.method !== info.method || !sameController(job.origin, this.host.currentOrigin())) return;
      job.update(info);
      if (job.finished) this.untrack(job);
      return;
    }
    if (this.pendingStarts > 0) {
      // Keep every snapshot (bounded) so that early progress is replayed, not just the latest.
      const list = this.recent.get(info.id) ?? [];
      if (list.length < SNAPSHOTS_PER_JOB) list.push(info);
      else list[list.length - 1] = info;
      this.recent.set(info.id, list);
      if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as number);
    }
  }

  /** A new connection is ready (and its subscriptions are made): jobs of another controller or boot are lost. */
  reattach(origin: JobOrigin | undefined): void {
    for (const job of this.jobs) {
      if (!sameController(job.origin, origin)) this.lose(job, `it ran on ${describeOrigin(job.origin)}, and ${now(origin)}`);
    }
    this.feed.reattached();
  }

  /** Fails every followed job (client closed, or no controller can be reached any more). */
  failAll(error: unknown): void {
    for (const job of this.jobs) this.end(job, error);
  }

  close(error: unknown): void {
    this.closed = true;
    this.failAll(error);
    this.feed.close();
  }

  /**
   * Reads the job by id, on whichever controller the client reaches now. False when the read
   * failed (the feed tries again later; a closed client or a dead pair fails the job elsewhere).
   */
  async refresh(job: JobHandle<unknown>, signal?: AbortSignal): Promise<boolean> {
    const id = job.id!;
    const known = job.info;
    let answer: { result: unknown; origin: JobOrigin | undefined };
    try {
      answer = await this.host.call('core.get_jobs', [[['id', '=', id]]], { timeout: this.host.defaultTimeout, signal }, true);
    } catch (error) {
      if (error instanceof AuthError) this.end(job, error);
      else this.host.logger.debug(`reading job ${id} failed`, error);
      return false;
    }
    const followed = this.tracked.get(id);
    if (job.finished || followed?.job !== job) return true;
    if (!sameController(job.origin, answer.origin)) {
      this.lose(job, `it ran on ${describeOrigin(job.origin)}, and ${now(answer.origin)}`);
      return true;
    }
    const list = Array.isArray(answer.result) ? (answer.result as JobInfo[]) : [];
    const info = list.find((j) => j?.id === id);
    if (!info) {
      this.lose(job, `${describeOrigin(answer.origin)} has no job ${id} (it was lost in a reboot or expired)`);
      return true;
    }
    const started = JSON.stringify(info.time_started ?? null);
    if (info.method !== job.method || (followed.startedAt !== undefined && started !== followed.startedAt)) {
      this.lose(job, `job ${id} on ${describeOrigin(answer.origin)} is now a different job (${info.method}); the controller rebooted`);
      return true;
    }
    followed.startedAt = started;
    // An event that arrived while the read was under way may be newer than the read's answer.
    if (job.info !== known && !FINAL.has(info.state)) return true;
    job.update(info);
    if (job.finished) this.untrack(job);
    return true;
  }

  private track(job: JobHandle<unknown>): void {
    const id = job.id!;
    if (this.closed || this.tracked.get(id)?.job === job) return;
    const followed: Followed = { job, startedAt: undefined, offSignal: undefined };
    this.tracked.set(id, followed);
    for (const snapshot of this.recent.get(id) ?? []) if (snapshot.method === job.method) job.update(snapshot);
    this.recent.delete(id);
    if (job.finished) {
      this.untrack(job);
      return;
    }
    const signal = this.signals.get(job);
    if (signal) {
      const onAbort = () => {
        job.release(new AbortedError(job.method, signal.reason, true));
        this.untrack(job);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      followed.offSignal = () => signal.removeEventListener('abort', onAbort);
    }
    this.feed.follow(job);
  }

  private untrack(job: JobHandle<unknown>): void {
    const followed = job.id === undefined ? undefined : this.tracked.get(job.id);
    if (followed?.job !== job) return;
    this.tracked.delete(job.id!);
    followed.offSignal?.();
    this.feed.forget(job);
  }

  private lose(job: JobHandle<unknown>, detail: string): void {
    this.end(job, new JobLostError(job.id ?? -1, job.method, detail));
  }

  private end(job: JobHandle<unknown>, error: unknown): void {
    job.fail(error);
    this.untrack(job);
  }
}

function now(origin: JobOrigin | undefined): string {
  return `the client now reaches ${describeOrigin(origin)} (failover or reboot)`;
}
