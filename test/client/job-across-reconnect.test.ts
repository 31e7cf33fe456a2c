import { describe, expect, it } from 'vitest';
import { JobLostError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

// After a reconnect the client re-attaches to awaited jobs with a core.get_jobs query by id; a job
// whose controller went away is reported lost, never left hanging.
describe('jobs across a reconnect', () => {
  it('re-attaches to a job on the same controller and gets its result', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.failover.upgrade();
    await until(() => (job.lastProgress?.percent ?? 0) > 0, 'the upgrade to make progress', 20_000);
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    await new Promise((r) => setTimeout(r, 100));
    sim.faults.healVip();
    expect(await job).toBe(true);
    expect(job.state).toBe('SUCCESS');
  });

  it('reports JobLostError when the controller running it dies', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.failover.upgrade();
    await until(() => job.state === 'RUNNING', 'the upgrade to run', 20_000);
    sim.faults.killController('A');
    const outcome = await settle(job);
    const error = (outcome as { error: JobLostError }).error;
    expect(error).toBeInstanceOf(JobLostError);
    expect(error.jobId).toBe(job.id);
    expect(error.method).toBe('failover.upgrade');
    expect(error.message).toMatch(/node A/);
    expect(await client.failover.node()).toBe('B');
  });
});
