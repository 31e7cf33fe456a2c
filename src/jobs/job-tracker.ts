/**
 * Follows the jobs someone awaits or observes, through one `core.get_jobs` subscription per
 * connection (it works on every API version and holds no call slot), with a query by id after
 * each (re)connect and a slow safety poll. A job whose controller went away (failover, reboot)
 * is reported lost; job ids are per controller and per boot.
 */
import { JobLostError } from '../errors/job-lost-error.js';
import { TrueNasError } from '../errors/truenas-error.js';
import type { EventHub } from '../events/event-hub.js';
import type { Subscription } from '../events/types.js';
import type { CallOptions } from '../types/call-options.js';
import type { JobInfo } from '../types/job.js';
import type { InternalLogger } from '../util/logger.js';
import { type JobDriver, JobHandle, type JobOrigin } from './job-handle.js';
import { describeOrigin, sameController } from './origin.js';

/** What the tracker needs from the client. */
export interface JobTrackerHost {
  logger: InternalLogger;
  hub: EventHub;
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

const RECENT_LIMIT = 256;
const SNAPSHOTS_PER_JOB = 32;
const FEED_POLL_MS = 30_000;
const NO_FEED_POLL_MS = 2_000;

export class JobTracker implements JobDriver {
  private readonly tracked = new Map<number, JobHandle<unknown>>();
  // Snapshots of jobs nobody tracks yet, kept only while a job start awaits its id: the server
  // may announce the job before it answers the call that created it.
  private readonly recent = new Map<number, JobInfo[]>();
  private pendingStarts = 0;
  private feed: Promise<Subscription | undefined> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly host: JobTrackerHost) {}

  /** Jobs being followed now. */
  get size(): number {
    return this.tracked.size;
  }

  /** What the tracker holds now (for `client.stats()`): followed jobs, starts under way, ids of unclaimed snapshots kept. */
  stats(): { tracked: number; starting: number; recentJobIds: number; pollTimer: boolean } {
    return {
      tracked: this.tracked.size,
      starting: this.pendingStarts,
      recentJobIds: this.recent.size,
      pollTimer: this.pollTimer !== undefined,
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
   * it like any other: the `core.get_jobs` subscription is made first, so no early event is missed.
   */
  startWith<T>(method: string, options: CallOptions, begin: () => Promise<{ id: number; origin: JobOrigin | undefined }>): JobHandle<T> {
    const job = new JobHandle<T>(method, this);
    this.pendingStarts++;
    void (async () => {
      try {
        await this.ensureFeed(options);
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
    await this.host.call('core.job_abort', [id], undefined, true);
  }

  /** A `core.get_jobs` notification. */
  handleEvent(fields: unknown): void {
    const info = fields as JobInfo | undefined;
    if (!info || typeof info.id !== 'number') return;
    const job = this.tracked.get(info.id);
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

  /** A new connection is ready (and its subscriptions are made): check every followed job. */
  reattach(origin: JobOrigin | undefined): void {
    for (const job of [...this.tracked.values()]) {
      if (!sameController(job.origin, origin)) {
        this.lose(
          job,
          `it ran on ${describeOrigin(job.origin)}, and the client now reaches ${describeOrigin(origin)} (failover or reboot)`,
        );
      } else void this.refresh(job);
    }
  }

  /** Fails every followed job (client closed, or no reconnect). */
  failAll(error: unknown): void {
    for (const job of [...this.tracked.values()]) {
      job.fail(error);
      this.untrack(job);
    }
  }

  close(error: unknown): void {
    this.closed = true;
    this.failAll(error);
    if (this.pollTimer) clearTimeout(this.pollTimer);
  }

  private ensureFeed(options: CallOptions): Promise<Subscription | undefined> {
    this.feed ??= this.host.hub
      .add('core.get_jobs', (fields) => this.handleEvent(fields), {
        timeout: options.timeout ?? this.host.defaultTimeout,
        // Made again after the server ended it (or after a reconnect): job events may have been missed.
        onResubscribed: () => {
          for (const job of this.tracked.values()) void this.refresh(job);
        },
        onError: (error) => this.host.logger.warn('the core.get_jobs subscription failed; jobs are polled instead', error),
      })
      .catch((error) => {
        // Jobs are still followed by polling; the next job start tries to subscribe again.
        this.host.logger.warn('cannot subscribe to core.get_jobs; jobs are polled instead', error);
        this.feed = undefined;
        return undefined;
      });
    return this.feed;
  }

  private track(job: JobHandle<unknown>): void {
    const id = job.id!;
    if (this.closed) return;
    this.tracked.set(id, job);
    for (const snapshot of this.recent.get(id) ?? []) if (snapshot.method === job.method) job.update(snapshot);
    this.recent.delete(id);
    if (job.finished) this.untrack(job);
    else {
      void this.refresh(job);
      this.schedulePoll();
    }
  }

  private untrack(job: JobHandle<unknown>): void {
    if (job.id !== undefined && this.tracked.get(job.id) === job) this.tracked.delete(job.id);
    // The safety poll holds Node open; with nothing left to follow it must not linger.
    if (this.tracked.size === 0 && this.pollTimer) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private lose(job: JobHandle<unknown>, detail: string): void {
    job.fail(new JobLostError(job.id ?? -1, job.method, detail));
    this.untrack(job);
  }

  /** Reads the job by id, on whichever controller the client reaches now. */
  private async refresh(job: JobHandle<unknown>): Promise<void> {
    const id = job.id!;
    let answer: { result: unknown; origin: JobOrigin | undefined };
    try {
      answer = await this.host.call('core.get_jobs', [[['id', '=', id]]], { timeout: this.host.defaultTimeout }, true);
    } catch (error) {
      // The next reconnect or poll tries again; a closed client fails the job there.
      this.host.logger.debug(`reading job ${id} failed`, error);
      return;
    }
    if (job.finished) return;
    if (!sameController(job.origin, answer.origin)) {
      this.lose(
        job,
        `it ran on ${describeOrigin(job.origin)}, and the client now reaches ${describeOrigin(answer.origin)} (failover or reboot)`,
      );
      return;
    }
    const list = Array.isArray(answer.result) ? (answer.result as JobInfo[]) : [];
    const info = list.find((j) => j?.id === id);
    if (!info) {
      this.lose(job, `${describeOrigin(answer.origin)} has no job ${id} (it was lost in a reboot or expired)`);
      return;
    }
    if (info.method !== job.method) {
      this.lose(job, `job ${id} on ${describeOrigin(answer.origin)} is now a ${info.method} job (the controller rebooted)`);
      return;
    }
    job.update(info);
    if (job.finished) this.untrack(job);
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.closed) return;
    const subscribed = this.feed !== undefined;
    this.pollTimer = setTimeout(
      () => {
        this.pollTimer = undefined;
        if (this.tracked.size === 0 || this.closed) return;
        for (const job of this.tracked.values()) void this.refresh(job);
        this.schedulePoll();
      },
      subscribed ? FEED_POLL_MS : NO_FEED_POLL_MS,
    );
    // Not unref'd: it runs only while someone awaits a job, and that await must keep Node alive.
  }
}
