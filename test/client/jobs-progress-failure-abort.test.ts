import { describe, expect, it } from 'vitest';
import { ERRNO, Job, JobAbortedError, JobFailedError, type JobProgress } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

// Job methods return the same Job<T> on both transports (followed by the core.get_jobs event over
// WebSocket, by polling core/get_jobs over REST): a thenable with id, state, progress (listener
// and async iterator), result, failure with the job's error and errno, and abort.
describe.each(TRANSPORTS)('jobs over %s', (transport) => {
  it('reports progress in order through listeners and the async iterator, then resolves with the result', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
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
    expect(typeof job.id).toBe('number');
    expect(await job).toBeNull();
    await iteration;
    expect(job.state).toBe('SUCCESS');
    if (transport === 'websocket') {
      // Events carry every step; polling sees the job's state at each poll, not necessarily every step.
      expect(heard.map((p) => p.description)).toEqual(
        expect.arrayContaining([
          'Rebooting other controller',
          'Waiting for the other controller to come back online',
          'Other controller rebooted successfully',
        ]),
      );
    }
    expect(iterated.map((p) => p.percent)).toEqual(heard.map((p) => p.percent));
    expect(heard.at(-1)).toMatchObject({ percent: 100, state: 'SUCCESS' });
    expect(heard.length).toBeGreaterThan(1);
    // Percentages never go backwards.
    const percents = heard.map((p) => p.percent ?? 0);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(await job).toBeNull();
  });

  it('client.call on a job method returns a Job too; awaiting later still gives the result', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const job = client.call('failover.upgrade', [{}]);
    expect(job).toBeInstanceOf(Job);
    await job.started;
    // Nobody listened while it ran; awaiting it now reads the job by id.
    await new Promise((r) => setTimeout(r, 100));
    expect(await job).toBe(true);
    expect(job.lastProgress?.percent).toBe(100);
  });

  it('rejects with JobFailedError (error text, errno, exc_info, the job)', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    sim.faults.failJob('failover.reboot.other_node', {
      atPercent: 30,
      errno: ERRNO.ETIMEDOUT,
      reason: 'Timed out waiting 90 seconds for the standby controller to reboot',
    });
    const job = client.failover.reboot.other_node({ reason: 'x', graceful: true });
    const error = (await failure(job)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.jobId).toBe(job.id);
    expect(error.method).toBe('failover.reboot.other_node');
    expect(error.errno).toBe(ERRNO.ETIMEDOUT);
    expect(error.errno).toBe(110);
    expect(error.errname).toBe('ETIMEDOUT');
    expect(error.error).toMatch(/Timed out waiting 90 seconds/);
    expect(error.excInfo?.type).toEqual(expect.any(String));
    expect(error.job.state).toBe('FAILED');
    expect(job.state).toBe('FAILED');
  });

  it('an installer warning is JobFailedError EAGAIN (call again with resume), and resume: true accepts it', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    sim.faults.installerWarning('The update will change the boot pool layout; it is from a different train.');
    const error = (await failure(client.failover.upgrade())) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.errno).toBe(ERRNO.EAGAIN);
    expect(error.errno).toBe(11);
    expect(error.error).toContain('boot pool layout');
    expect(error.error).toMatch(/different train/);
    expect(await client.failover.upgrade({ resume: true })).toBe(true);
  });

  it('aborts a job that waits for its lock (JobAbortedError), the running one completes', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    // Both share the reboot_standby lock: the second waits.
    const running = client.failover.reboot.other_node({ reason: 'first', graceful: true });
    const queued = client.failover.reboot.other_node({ reason: 'second', graceful: true });
    await queued.started;
    await until(() => queued.state === 'WAITING' && running.state === 'RUNNING', 'the second job to wait for the lock');
    await queued.abort();
    const error = (await failure(queued)) as JobAbortedError;
    expect(error).toBeInstanceOf(JobAbortedError);
    expect(error.jobId).toBe(queued.id);
    expect(queued.state).toBe('ABORTED');
    expect(await running).toBeNull();
  });
});
