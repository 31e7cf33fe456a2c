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
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { JobLostError } from '../errors/job-lost-error.js';
import { TrueNasError } from '../errors/truenas-error.js';
import type { CallOptions } from '../types/call-options.js';
import type { JobInfo } from '../types/job.js';
import type { InternalLogger } from '../util/logger.js';
import { signalProblem } from '../util/signal.js';
import { abortable } from '../util/timers.js';
import { type JobDriver, JobHandle, type JobOrigin } from './job-handle.js';
import { describeOrigin, sameController } from './origin.js';

/** What the tracker needs from the client. */
export interface JobTrackerHost {
  logger: InternalLogger;
  /** The controller the ready connection reached, if any. */
  currentOrigin(): JobOrigin | undefined;
  /**
   * A call through the client (waits for a connection, retries reads); reports which controller
   * answered. `onSent` is told when the request went out (it may then have reached the server).
   */
  call(
    method: string,
    params: unknown[],
    options: CallOptions | undefined,
    internal: boolean,
    onSent?: () => void,
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
}

/** How a job start may be stopped: what the caller's signal does to it. */
export interface JobStart {
  /** Aborts the start call (given to it instead of the caller's signal). */
  readonly signal: AbortSignal | undefined;
  /** The start request went out: from now on the job may exist on the server. */
  onSent(): void;
}

/** The caller's signal of a job, and what its abort does. */
interface SignalWatch {
  signal: AbortSignal;
  /** `abortJobOnSignal`: also ask the server to abort the job. */
  abortJob: boolean;
  /** Cancels the start call while it has not gone out (or always, without `abortJob`). */
  start: AbortController;
  sent: boolean;
  listening: (() => void) | undefined;
  /** What the job rejected with when the signal fired (`started` rejects with it too when the start was cancelled). */
  error: AbortedError | undefined;
}

export class JobTracker implements JobDriver {
  private readonly tracked = new Map<number, Followed>();
  // Snapshots of jobs nobody tracks yet, kept only while a job start awaits its id: the server
  // may announce the job before it answers the call that created it.
  private readonly recent = new Map<number, JobInfo[]>();
  private readonly signals = new WeakMap<JobHandle<unknown>, SignalWatch>();
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
    return this.startWith<T>(method, options, async (start) => {
      const callOptions = { timeout: options.timeout, signal: start.signal };
      const { result, origin } = await this.host.call(method, params, callOptions, false, start.onSent);
      if (typeof result !== 'number' || !Number.isInteger(result)) {
        throw new TrueNasError(`${method} answered ${JSON.stringify(result)?.slice(0, 60)} instead of a job id.`);
      }
      return { id: result, origin };
    });
  }

  /**
   * Starts a job some other way (`begin`, e.g. an HTTP upload that answers the job id) and follows
   * it like any other: the feed is made ready first, so no early event is missed. `options.signal`
   * stops the waiting at once (`AbortedError`). Before the job started it also cancels the start,
   * unless the request already went out and `abortJobOnSignal` asks to abort the job: the start is
   * then let finish and the job aborted. Once the job started it runs on, unless `abortJobOnSignal`
   * (`core.job_abort`).
   */
  startWith<T>(
    method: string,
    options: CallOptions,
    begin: (start: JobStart) => Promise<{ id: number; origin: JobOrigin | undefined }>,
  ): JobHandle<T> {
    const job = new JobHandle<T>(method, this);
    const handle = job as JobHandle<unknown>;
    if (this.closed) {
      // Nothing would ever answer: the client's connection and subscriptions are gone.
      job.failToStart(new ConnectionClosedError(`${method} was not sent: the client is closed.`, { method }));
      return job;
    }
    const abortJob = options?.abortJobOnSignal;
    const badOption =
      signalProblem(method, options?.signal) ??
      (abortJob !== undefined && typeof abortJob !== 'boolean'
        ? new TypeError(`${method}: options.abortJobOnSignal must be true or false`)
        : undefined);
    if (badOption) {
      job.failToStart(badOption);
      return job;
    }
    const watch = options?.signal ? this.watchSignal(handle, options.signal, options.abortJobOnSignal === true) : undefined;
    const start: JobStart = {
      signal: watch?.start.signal,
      onSent: () => {
        if (watch) watch.sent = true;
      },
    };
    this.pendingStarts++;
    void (async () => {
      try {
        // An aborted start is not begun: nothing to connect for.
        start.signal?.throwIfAborted();
        // The feed is shared with other jobs: the signal stops this job's waiting, not the feed.
        await abortable(this.feed.prepare(options ?? {}), start.signal);
        const { id, origin } = await begin(start);
        job.markStarted(id, origin);
        if (job.finished) {
          // The signal stopped the waiting while the start was under way.
          if (watch?.abortJob) void this.abortOnServer(handle);
          return;
        }
        if (job.isObserved || watch?.abortJob) this.track(handle);
        else this.stopListening(handle);
      } catch (error) {
        // A start the signal cancelled fails `started` with the job's own AbortedError.
        job.failToStart(watch?.error && watch.start.signal.aborted ? watch.error : error);
        this.stopListening(handle);
        if (watch?.abortJob && watch.sent && watch.signal.aborted)
          this.host.logger.warn(`${method} could not be aborted after its signal: the start call's outcome is unknown`, error);
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

  /** `abortJobOnSignal`: the signal fired; asks the server to abort the job (a failure is logged). */
  private async abortOnServer(job: JobHandle<unknown>): Promise<void> {
    try {
      await this.abort(job.id!);
      this.host.logger.debug(`asked the server to abort job ${job.id} (${job.method}) after its signal`);
    } catch (error) {
      this.host.logger.warn(`could not abort job ${job.id} (${job.method}) after its signal`, error);
    }
  }

  /** Listens to a job's signal from its start on (`track` listens again when a job is followed later). */
  private watchSignal(job: JobHandle<unknown>, signal: AbortSignal, abortJob: boolean): SignalWatch {
    const watch: SignalWatch = { signal, abortJob, start: new AbortController(), sent: false, listening: undefined, error: undefined };
    this.signals.set(job, watch);
    this.listen(job, watch);
    return watch;
  }

  private listen(job: JobHandle<unknown>, watch: SignalWatch): void {
    if (watch.listening || job.finished) return;
    const onAbort = () => this.signalled(job, watch);
    if (watch.signal.aborted) {
      onAbort();
      return;
    }
    watch.signal.addEventListener('abort', onAbort, { once: true });
    watch.listening = () => watch.signal.removeEventListener('abort', onAbort);
  }

  private stopListening(job: JobHandle<unknown>): void {
    const watch = this.signals.get(job);
    if (!watch?.listening) return;
    watch.listening();
    watch.listening = undefined;
  }

  /** The caller's signal fired: stop waiting now; cancel the start or abort the job, as asked. */
  private signalled(job: JobHandle<unknown>, watch: SignalWatch): void {
    watch.listening = undefined;
    if (job.finished) return;
    const started = job.id !== undefined;
    watch.error = new AbortedError(job.method, watch.signal.reason, started || watch.sent);
    job.release(watch.error);
    if (started) {
      this.untrack(job);
      if (watch.abortJob) void this.abortOnServer(job);
    } else if (!watch.abortJob || !watch.sent) {
      // Nothing reached the server, or the job may run on: the start call is not needed any more.
      watch.start.abort(watch.signal.reason);
    }
    // Otherwise the start call goes on: once it answers the job id, the job is aborted.
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
    const followed: Followed = { job, startedAt: undefined };
    this.tracked.set(id, followed);
    for (const snapshot of this.recent.get(id) ?? []) if (snapshot.method === job.method) job.update(snapshot);
    this.recent.delete(id);
    if (job.finished) {
      this.untrack(job);
      return;
    }
    const watch = this.signals.get(job);
    if (watch) {
      this.listen(job, watch);
      if (job.finished) return;
    }
    this.feed.follow(job);
  }

  private untrack(job: JobHandle<unknown>): void {
    const followed = job.id === undefined ? undefined : this.tracked.get(job.id);
    if (followed?.job !== job) return;
    this.tracked.delete(job.id!);
    this.stopListening(job);
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
