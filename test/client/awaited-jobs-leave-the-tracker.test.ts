/**
 * An awaited job is followed while it runs and forgotten when it ends: the tracker is empty again
 * and its safety poll (a timer that keeps Node alive) is disarmed, so a script that awaited a job
 * can end at once. Over real sockets to the simulator.
 */
import { describe, expect, it } from 'vitest';
import { JobFailedError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

describe('awaited jobs', () => {
  it('are tracked while they run and leave the tracker (and its poll timer) when they end', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    // A job that ends at once: the upgrade fails at its first progress report.
    sim.faults.failJob('failover.upgrade', { atPercent: 0, reason: 'stopped for the test' });
    const failed = await settle(client.failover.upgrade());
    expect((failed as { error: unknown }).error).toBeInstanceOf(JobFailedError);
    const finishedId = ((failed as { error: JobFailedError }).error as JobFailedError).jobId;
    expect(client.stats().jobs).toMatchObject({ tracked: 0, pollTimer: false });

    // Fifty jobs awaited together; each mirrors the finished one and ends at once.
    let largest = 0;
    const watched = Array.from({ length: 50 }, () => client.core.job_wait(finishedId));
    for (const job of watched) job.on('progress', () => (largest = Math.max(largest, client.stats().jobs.tracked)));
    const results = await Promise.allSettled(watched);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(largest).toBeGreaterThan(0);
    expect(client.stats().jobs).toEqual({ tracked: 0, starting: 0, recentJobIds: 0, pollTimer: false });

    // A long one: tracked while it runs, gone once it succeeded.
    const upgrade = client.failover.upgrade();
    await new Promise<void>((resolve) => upgrade.on('progress', (p) => p.state === 'RUNNING' && resolve()));
    expect(client.stats().jobs).toMatchObject({ tracked: 1, pollTimer: true });
    expect(await upgrade).toBe(true);
    expect(client.stats().jobs).toEqual({ tracked: 0, starting: 0, recentJobIds: 0, pollTimer: false });
  });
});
