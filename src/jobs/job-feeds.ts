/**
 * How the job tracker learns that a job moved. Over WebSocket: one `core.get_jobs` subscription per
 * connection (it works on every API version and holds no call slot), a read by id when a job is
 * first followed and after each reconnect, and a slow safety poll. Over REST (no events): each
 * followed job is polled by id, fast while it moves and slower while it does not.
 */
import type { EventHub } from '../events/event-hub.js';
import type { Subscription } from '../events/types.js';
import type { CallOptions } from '../types/call-options.js';
import type { InternalLogger } from '../util/logger.js';
import { sleep } from '../util/timers.js';
import type { JobHandle } from './job-handle.js';
import { type JobFeed, JobTracker, type JobTrackerHost } from './job-tracker.js';

/** Pacing of job polls: the first right away, then `initialDelay`, growing by `factor` up to `maxDelay` while nothing changes. */
export interface JobPollingOptions {
  /** First delay between polls, in ms. Default 100. */
  initialDelay?: number;
  /** Longest delay between polls, in ms. Default 2 000. */
  maxDelay?: number;
  /** Growth of the delay while the job does not change. Default 1.5. */
  factor?: number;
}

/**
 * A job tracker for a client: fed by `poll` when the transport has no events (REST's
 * `PollJobFeed`, handed in with its driver), else by the `core.get_jobs` event through `hub`.
 */
export function followJobs(host: JobTrackerHost, hub: EventHub, poll: ((tracker: JobTracker) => JobFeed) | undefined): JobTracker {
  return new JobTracker(host, (tracker) => poll?.(tracker) ?? new EventJobFeed(tracker, hub, host.logger, host.defaultTimeout));
}

const FEED_POLL_MS = 30_000;
const NO_FEED_POLL_MS = 2_000;

/** Jobs followed through the `core.get_jobs` event (WebSocket). */
export class EventJobFeed implements JobFeed {
  private subscription: Promise<Subscription | undefined> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly tracker: JobTracker,
    private readonly hub: EventHub,
    private readonly logger: InternalLogger,
    private readonly defaultTimeout: number,
  ) {}

  get pollTimerArmed(): boolean {
    return this.pollTimer !== undefined;
  }

  async prepare(options: CallOptions): Promise<void> {
    this.subscription ??= this.hub
      .add('core.get_jobs', (fields) => this.tracker.handleEvent(fields), {
        timeout: options.timeout ?? this.defaultTimeout,
        // Made again after the server ended it (or after a reconnect): job events may have been missed.
        onResubscribed: () => this.refreshAll(),
        onError: (error) => this.logger.warn('the core.get_jobs subscription failed; jobs are polled instead', error),
      })
      .catch((error) => {
        // Jobs are still followed by polling; the next job start tries to subscribe again.
        this.logger.warn('cannot subscribe to core.get_jobs; jobs are polled instead', error);
        this.subscription = undefined;
        return undefined;
      });
    await this.subscription;
  }

  follow(job: JobHandle<unknown>): void {
    void this.tracker.refresh(job);
    this.schedulePoll();
  }

  forget(): void {
    // The safety poll holds Node open; with nothing left to follow it must not linger.
    if (this.tracker.size === 0 && this.pollTimer) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  reattached(): void {
    this.refreshAll();
  }

  close(): void {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private refreshAll(): void {
    for (const job of this.tracker.jobs) void this.tracker.refresh(job);
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setTimeout(
      () => {
        this.pollTimer = undefined;
        if (this.tracker.size === 0 || this.closed) return;
        this.refreshAll();
        this.schedulePoll();
      },
      this.subscription !== undefined ? FEED_POLL_MS : NO_FEED_POLL_MS,
    );
    // Not unref'd: it runs only while someone awaits a job, and that await must keep Node alive.
  }
}

/** Jobs followed by polling `core.get_jobs` by id (REST). */
export class PollJobFeed implements JobFeed {
  private readonly loops = new Map<JobHandle<unknown>, AbortController>();
  readonly pollTimerArmed = false;

  constructor(
    private readonly tracker: JobTracker,
    private readonly pacing: Required<JobPollingOptions>,
  ) {}

  async prepare(): Promise<void> {}

  follow(job: JobHandle<unknown>): void {
    if (this.loops.has(job)) return;
    const stop = new AbortController();
    this.loops.set(job, stop);
    void this.poll(job, stop.signal);
  }

  forget(job: JobHandle<unknown>): void {
    this.loops.get(job)?.abort();
    this.loops.delete(job);
  }

  reattached(): void {
    // Each loop reads its job again by itself.
  }

  close(): void {
    for (const stop of this.loops.values()) stop.abort();
    this.loops.clear();
  }

  private async poll(job: JobHandle<unknown>, stop: AbortSignal): Promise<void> {
    const { initialDelay, maxDelay, factor } = this.pacing;
    let delay = initialDelay;
    let last: string | undefined;
    while (!stop.aborted && !job.finished) {
      const read = await this.tracker.refresh(job, stop);
      if (stop.aborted || job.finished) return;
      const info = job.info;
      const snapshot = JSON.stringify([info?.state, info?.progress]);
      // Quick while the job moves, slower while it does not (or while reads fail).
      delay = read && snapshot !== last ? initialDelay : Math.min(maxDelay, delay * factor);
      last = snapshot;
      try {
        await sleep(delay, stop);
      } catch {
        return;
      }
    }
  }
}
