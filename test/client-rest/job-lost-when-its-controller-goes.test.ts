import { describe, expect, it } from 'vitest';
import { JobLostError } from '../../src/index.js';
import { clientOver, failure, simulator } from './helpers.js';

// Job ids are per controller and per boot: when the controller running a polled job dies and the
// VIP moves, the REST client does not mistake the new controller's job with the same id for it.
describe('REST jobs across a failover', () => {
  it('rejects a polled job with JobLostError once the VIP reaches the other controller', async () => {
    const sim = await simulator({ timeScale: 0.05 });
    const client = clientOver('rest', sim, { jobPolling: { initialDelay: 20, maxDelay: 200 } } as never);
    const job = client.failover.reboot.other_node({ reason: 'long', graceful: true });
    await job.started;
    expect(client.controller?.node).toBe('A');
    sim.faults.killController('A');
    const error = await failure(job);
    expect(error).toBeInstanceOf(JobLostError);
    expect((error as JobLostError).jobId).toBe(job.id);
    expect(await client.failover.node()).toBe('B');
  });
});
