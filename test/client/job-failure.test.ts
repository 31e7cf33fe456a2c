import { describe, expect, it } from 'vitest';
import { ERRNO, JobFailedError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// A job that ends FAILED rejects with JobFailedError carrying the job's error, errno and exc_info.
describe('jobs: failure', () => {
  it('rejects with JobFailedError (error text, errno, exc_info, the job)', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    sim.faults.failJob('failover.reboot.other_node', {
      atPercent: 30,
      errno: ERRNO.ETIMEDOUT,
      reason: 'Timed out waiting 90 seconds for the standby controller to reboot',
    });
    const job = client.failover.reboot.other_node();
    const outcome = await settle(job);
    const error = (outcome as { error: JobFailedError }).error;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.jobId).toBe(job.id);
    expect(error.method).toBe('failover.reboot.other_node');
    expect(error.errno).toBe(ERRNO.ETIMEDOUT);
    expect(error.errname).toBe('ETIMEDOUT');
    expect(error.error).toMatch(/Timed out waiting 90 seconds/);
    expect(error.excInfo?.type).toEqual(expect.any(String));
    expect(error.job.state).toBe('FAILED');
    expect(job.state).toBe('FAILED');
  });

  it('an upgrade warning is EAGAIN, and resume: true accepts it', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    sim.faults.installerWarning('The update is from a different train.');
    const first = await settle(client.failover.upgrade());
    const error = (first as { error: JobFailedError }).error;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.errno).toBe(ERRNO.EAGAIN);
    expect(error.error).toMatch(/different train/);
    expect(await client.failover.upgrade({ resume: true })).toBe(true);
  });
});
