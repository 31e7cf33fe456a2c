import { describe, expect, it } from 'vitest';
import { JobLostError } from '../../src/index.js';
import { clientOf, clientOver, failure, simulator, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

// Job ids are per controller and per boot. When the controller running a followed job dies and the
// VIP moves, the job rejects with JobLostError (the new controller's job with the same id is not
// taken for it); after a reconnect to the same controller the client reads the job by id again.
describe.each(TRANSPORTS)('jobs across a failover over %s', (transport) => {
  it('rejects a followed job with JobLostError once the VIP reaches the other controller', async () => {
    const sim = await simulatorForBoth({ timeScale: 0.05 });
    const client = clientOver(transport, sim, { jobPolling: { initialDelay: 20, maxDelay: 200 } } as never);
    const job = client.failover.reboot.other_node({ reason: 'long', graceful: true });
    await job.started;
    await until(() => job.state === 'RUNNING', 'the job to run', 20_000);
    expect(client.controller?.node).toBe('A');
    sim.faults.killController('A');
    const error = (await failure(job)) as JobLostError;
    expect(error).toBeInstanceOf(JobLostError);
    expect(error.jobId).toBe(job.id);
    expect(error.method).toBe('failover.reboot.other_node');
    expect(error.message).toMatch(/node A/);
    expect(await client.failover.node()).toBe('B');
  });
});

describe('jobs across a WebSocket reconnect', () => {
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

  it('reports JobLostError when the controller running it dies (failover.upgrade)', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.failover.upgrade();
    await until(() => job.state === 'RUNNING', 'the upgrade to run', 20_000);
    sim.faults.killController('A');
    const error = (await failure(job)) as JobLostError;
    expect(error).toBeInstanceOf(JobLostError);
    expect(error.jobId).toBe(job.id);
    expect(error.method).toBe('failover.upgrade');
    expect(error.message).toMatch(/node A/);
    expect(await client.failover.node()).toBe('B');
  });
});
