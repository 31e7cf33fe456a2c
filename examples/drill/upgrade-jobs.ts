/**
 * The drill's upgrade jobs: each started on the active controller just before a failover, followed
 * by the client, and classified when it settles. A job that never settles is one lost silently; a
 * result the client reports must match what the server recorded for that job.
 */
import { type Job, JobFailedError, JobLostError, TrueNasError } from '../../src/index.js';
import type { Simulator } from '../../src/simulator.js';

export interface JobTally {
  started: number;
  succeeded: number;
  failed: number;
  lost: number;
  otherTyped: number;
  untyped: number;
  outcomeMismatches: number;
}

export class UpgradeJobs {
  readonly tally: JobTally = { started: 0, succeeded: 0, failed: 0, lost: 0, otherTyped: 0, untyped: 0, outcomeMismatches: 0 };
  /** Jobs not settled yet. */
  readonly pending = new Set<Job<unknown>>();
  private readonly runs: Promise<void>[] = [];
  // Final states the server announced, per `node:id` (ids restart with every boot).
  private readonly serverStates = new Map<string, string[]>();
  private readonly off: () => void;

  /** `startJob` starts one `failover.upgrade` job through the client under test. */
  constructor(
    private readonly startJob: () => Job<unknown>,
    sim: Simulator,
  ) {
    this.off = sim.on('job', ({ node, job }) => {
      const state = String(job.state);
      if (job.method !== 'failover.upgrade' || !['SUCCESS', 'FAILED', 'ABORTED'].includes(state)) return;
      const key = `${node}:${job.id}`;
      this.serverStates.set(key, [...(this.serverStates.get(key) ?? []), state]);
    });
  }

  /** Starts a `failover.upgrade` job and follows it to its end. */
  start(): Job<unknown> {
    const job = this.startJob();
    this.tally.started++;
    this.pending.add(job);
    this.runs.push(this.follow(job));
    return job;
  }

  /** Resolves when every job started so far has settled. */
  settled(): Promise<void> {
    return Promise.all(this.runs).then(() => undefined);
  }

  stop(): void {
    this.off();
  }

  private async follow(job: Job<unknown>): Promise<void> {
    let outcome: 'SUCCESS' | 'FAILED' | 'OTHER';
    try {
      await job;
      this.tally.succeeded++;
      outcome = 'SUCCESS';
    } catch (error) {
      outcome = error instanceof JobFailedError ? 'FAILED' : 'OTHER';
      if (error instanceof JobFailedError) this.tally.failed++;
      else if (error instanceof JobLostError) this.tally.lost++;
      else if (error instanceof TrueNasError) this.tally.otherTyped++;
      else this.tally.untyped++;
    } finally {
      this.pending.delete(job);
    }
    const origin = (job as { origin?: { node?: string } }).origin;
    if (outcome !== 'OTHER' && job.id !== undefined && origin?.node) {
      if (!(this.serverStates.get(`${origin.node}:${job.id}`) ?? []).includes(outcome)) this.tally.outcomeMismatches++;
    }
  }
}
