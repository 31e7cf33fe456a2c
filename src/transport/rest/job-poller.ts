/**
 * Jobs over REST: the job method answers the job id, and the job is followed by polling
 * `GET /core/get_jobs?id=<id>` (REST has no events), fast at first and slower while nothing
 * changes. It drives the same `Job<T>` as the WebSocket client. A job whose controller went away
 * (failover, reboot) rejects with `JobLostError`: job ids are per controller and per boot, so the
 * poller also checks that the job it reads is still the one it started (method, start time).
 */
import { isFatal } from '../../client/connector.js';
import { AbortedError } from '../../errors/aborted-error.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { JobLostError } from '../../errors/job-lost-error.js';
import { TrueNasError } from '../../errors/truenas-error.js';
import { type JobDriver, JobHandle, type JobOrigin } from '../../jobs/job-handle.js';
import { describeOrigin, sameController } from '../../jobs/origin.js';
import type { CallOptions } from '../../types/call-options.js';
import type { JobInfo } from '../../types/job.js';
import type { InternalLogger } from '../../util/logger.js';
import { sleep } from '../../util/timers.js';

/** Pacing of job polls: the first right away, then `initialDelay`, growing by `factor` up to `maxDelay` while nothing changes. */
export interface JobPollingOptions {
  /** First delay between polls, in ms. Default 100. */
  initialDelay?: number;
  /** Longest delay between polls, in ms. Default 2 000. */
  maxDelay?: number;
  /** Growth of the delay while the job does not change. Default 1.5. */
  factor?: number;
}

export interface RestJobHost {
  logger: InternalLogger;
  /** A call through the client (waits for a controller, retries reads); reports which controller answered. */
  call(
    method: string,
    params: unknown[],
    options: CallOptions,
    internal: boolean,
  ): Promise<{ result: unknown; origin: JobOrigin | undefined }>;
  defaultTimeout: number;
  polling: Required<JobPollingOptions>;
}

interface Followed {
  stop: AbortController;
  signal: AbortSignal | undefined;
}

export class RestJobPoller implements JobDriver {
  private readonly followed = new Map<JobHandle<unknown>, Followed>();
  private readonly signals = new WeakMap<JobHandle<unknown>, AbortSignal>();
  private starting = 0;
  private closed = false;

  constructor(private readonly host: RestJobHost) {}

  /** Jobs being polled now. */
  get size(): number {
    return this.followed.size;
  }

  /** Jobs polled now, and job starts under way (for `client.stats()`). */
  stats(): { tracked: number; starting: number } {
    return { tracked: this.followed.size, starting: this.starting };
  }

  /** Starts job method `method`; the handle settles with the job. */
  start<T>(method: string, params: unknown[], options: CallOptions = {}): JobHandle<T> {
    return this.startWith<T>(method, options, async () => {
      const { result, origin } = await this.host.call(method, params, options, false);
      if (typeof result !== 'number' || !Number.isInteger(result)) {
        throw new TrueNasError(`${method} answered ${JSON.stringify(result)?.slice(0, 60)} instead of a job id.`);
      }
      return { id: result, origin };
    });
  }

  /** Starts a job some other way (`begin`, e.g. an HTTP upload answering the job id) and polls it like any other. */
  startWith<T>(method: string, options: CallOptions, begin: () => Promise<{ id: number; origin: JobOrigin | undefined }>): JobHandle<T> {
    const job = new JobHandle<T>(method, this);
    if (options.signal) this.signals.set(job as JobHandle<unknown>, options.signal);
    this.starting++;
    void (async () => {
      try {
        const { id, origin } = await begin();
        job.markStarted(id, origin);
        if (job.isObserved) this.follow(job as JobHandle<unknown>);
      } catch (error) {
        job.failToStart(error);
      } finally {
        this.starting--;
      }
    })();
    return job;
  }

  /** JobDriver: someone awaits or watches the job: poll it. */
  observe(job: JobHandle<unknown>): void {
    if (job.id !== undefined && !job.finished) this.follow(job);
  }

  /** JobDriver: `core.job_abort`. */
  async abort(id: number): Promise<void> {
    await this.host.call('core.job_abort', [id], { timeout: this.host.defaultTimeout }, true);
  }

  /** The client now reaches `origin` (after a failure): jobs of another controller or boot are lost. */
  reattach(origin: JobOrigin | undefined): void {
    for (const job of [...this.followed.keys()]) {
      if (!sameController(job.origin, origin)) {
        this.lose(
          job,
          `it ran on ${describeOrigin(job.origin)}, and the client now reaches ${describeOrigin(origin)} (failover or reboot)`,
        );
      }
    }
  }

  /** Fails every polled job (client closed, or no controller can be reached any more). */
  failAll(error: unknown): void {
    for (const job of [...this.followed.keys()]) this.end(job, error);
  }

  close(error: unknown): void {
    this.closed = true;
    this.failAll(error);
  }

  private follow(job: JobHandle<unknown>): void {
    if (this.closed || this.followed.has(job) || job.finished) return;
    const entry: Followed = { stop: new AbortController(), signal: this.signals.get(job) };
    this.followed.set(job, entry);
    if (entry.signal) {
      const onAbort = () => this.end(job, new AbortedError(job.method, entry.signal?.reason, true));
      if (entry.signal.aborted) {
        onAbort();
        return;
      }
      entry.signal.addEventListener('abort', onAbort, { once: true });
      entry.stop.signal.addEventListener('abort', () => entry.signal?.removeEventListener('abort', onAbort), { once: true });
    }
    void this.pollLoop(job, entry.stop.signal);
  }

  private async pollLoop(job: JobHandle<unknown>, stop: AbortSignal): Promise<void> {
    const { initialDelay, maxDelay, factor } = this.host.polling;
    const id = job.id!;
    let delay = initialDelay;
    let startedAt: string | undefined;
    let last: string | undefined;
    while (!stop.aborted && !job.finished) {
      let answer: { result: unknown; origin: JobOrigin | undefined };
      try {
        answer = await this.host.call('core.get_jobs', [[['id', '=', id]]], { timeout: this.host.defaultTimeout, signal: stop }, true);
      } catch (error) {
        if (stop.aborted) return;
        if (isFatal(error) || (error instanceof ConnectionClosedError && !error.sent && /Gave up/.test(error.message))) {
          this.end(job, error);
          return;
        }
        this.host.logger.debug(`polling job ${id} failed; trying again`, error);
        delay = Math.min(maxDelay, delay * factor);
        if (!(await this.pause(delay, stop))) return;
        continue;
      }
      if (stop.aborted || job.finished) return;
      if (!sameController(job.origin, answer.origin)) {
        this.lose(
          job,
          `it ran on ${describeOrigin(job.origin)}, and the client now reaches ${describeOrigin(answer.origin)} (failover or reboot)`,
        );
        return;
      }
      const info = (Array.isArray(answer.result) ? (answer.result as JobInfo[]) : []).find((j) => j?.id === id);
      if (!info) {
        this.lose(job, `${describeOrigin(answer.origin)} has no job ${id} (it was lost in a reboot or expired)`);
        return;
      }
      // Behind a VIP the next request may reach the other controller, whose job `id` is another job.
      const started = JSON.stringify(info.time_started ?? null);
      if (info.method !== job.method || (startedAt !== undefined && started !== startedAt)) {
        this.lose(job, `job ${id} is now a different job (${info.method}); the controller answering changed or rebooted`);
        return;
      }
      startedAt = started;
      job.update(info);
      if (job.finished) break;
      const snapshot = JSON.stringify([info.state, info.progress]);
      // Quick while the job moves, slower while it does not.
      delay = snapshot !== last ? initialDelay : Math.min(maxDelay, delay * factor);
      last = snapshot;
      if (!(await this.pause(delay, stop))) return;
    }
    this.forget(job);
  }

  /** Waits `ms`; false when polling was stopped meanwhile. */
  private async pause(ms: number, stop: AbortSignal): Promise<boolean> {
    try {
      await sleep(ms, stop);
      return true;
    } catch {
      return false;
    }
  }

  private lose(job: JobHandle<unknown>, detail: string): void {
    this.end(job, new JobLostError(job.id ?? -1, job.method, detail));
  }

  private end(job: JobHandle<unknown>, error: unknown): void {
    job.fail(error);
    this.forget(job);
  }

  private forget(job: JobHandle<unknown>): void {
    const entry = this.followed.get(job);
    if (!entry) return;
    this.followed.delete(job);
    entry.stop.abort();
  }
}
