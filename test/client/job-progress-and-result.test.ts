import { describe, expect, it } from 'vitest';
import { Job, type JobProgress } from '../../src/index.js';
import { clientOf, simulator } from './helpers.js';

// Job methods return a Job at once: a thenable with id, state, progress (events and async iterator).
describe('jobs: progress and result', () => {
  it('reports progress through listeners and the async iterator, then resolves with the result', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.failover.reboot.other_node({ reason: 'maintenance', graceful: true });
    expect(job).toBeInstanceOf(Job);
    expect(job.state).toBe('STARTING');
    expect(job.id).toBeUndefined();
    const heard: JobProgress[] = [];
    job.on('progress', (p) => heard.push(p));
    const iterated: JobProgress[] = [];
    const iteration = (async () => {
      for await (const p of job.progress()) iterated.push(p);
    })();
    const id = await job.started;
    expect(job.id).toBe(id);
    expect(await job).toBeNull();
    await iteration;
    expect(job.state).toBe('SUCCESS');
    expect(heard.map((p) => p.description)).toEqual(
      expect.arrayContaining([
        'Rebooting other controller',
        'Waiting for the other controller to come back online',
        'Other controller rebooted successfully',
      ]),
    );
    expect(iterated.map((p) => p.percent)).toEqual(heard.map((p) => p.percent));
    expect(heard.at(-1)).toMatchObject({ percent: 100, state: 'SUCCESS' });
    // Percentages never go backwards.
    const percents = heard.map((p) => p.percent ?? 0);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(await job).toBeNull();
  });

  it('client.call on a job method returns a Job too; awaiting later still gives the result', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.call('failover.upgrade', [{}]);
    expect(job).toBeInstanceOf(Job);
    await job.started;
    // Nobody listened while it ran; awaiting it now reads the job by id.
    await new Promise((r) => setTimeout(r, 100));
    expect(await job).toBe(true);
    expect(job.lastProgress?.percent).toBe(100);
  });
});
