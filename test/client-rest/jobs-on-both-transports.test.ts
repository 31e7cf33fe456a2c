import { describe, expect, it } from 'vitest';
import { JobAbortedError, JobFailedError, type JobProgress } from '../../src/index.js';
import { clientOver, failure, simulator, TRANSPORTS, until } from './helpers.js';

// Job methods return the same Job<T> on both transports (followed by events over WebSocket, by
// polling core/get_jobs over REST): progress, result, failure with errno, abort.
describe.each(TRANSPORTS)('jobs over %s', (transport) => {
  it('reports progress in order and resolves with the result', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    const job = client.failover.reboot.other_node({ reason: 'maintenance', graceful: true });
    const seen: JobProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    expect(await job).toBeNull();
    expect(typeof job.id).toBe('number');
    expect(job.state).toBe('SUCCESS');
    const percents = seen.map((p) => p.percent ?? 0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('rejects with JobFailedError carrying the errno (EAGAIN: call again with resume)', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    sim.faults.installerWarning('The update will change the boot pool layout.');
    const error = await failure(client.failover.upgrade());
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).errno).toBe(11);
    expect((error as JobFailedError).error).toContain('boot pool layout');
    sim.faults.failJob('failover.reboot.other_node', { atPercent: 30, errno: 110, reason: 'Timed out waiting for the other controller' });
    const failed = await failure(client.failover.reboot.other_node({ reason: 'x', graceful: true }));
    expect(failed).toBeInstanceOf(JobFailedError);
    expect((failed as JobFailedError).errno).toBe(110);
  });

  it('aborts a job that waits for its lock', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    const running = client.failover.reboot.other_node({ reason: 'first', graceful: true });
    const queued = client.failover.reboot.other_node({ reason: 'second', graceful: true });
    await queued.started;
    await until(() => queued.state === 'WAITING' && running.state === 'RUNNING', 'the second job to wait for the lock');
    await queued.abort();
    const error = await failure(queued);
    expect(error).toBeInstanceOf(JobAbortedError);
    expect(queued.state).toBe('ABORTED');
    expect(await running).toBeNull();
  });
});
