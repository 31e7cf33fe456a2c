import { describe, expect, it } from 'vitest';
import { JobAbortedError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

// job.abort() asks the server (core.job_abort); a job that ends ABORTED rejects with JobAbortedError.
describe('jobs: abort', () => {
  it('aborts a job waiting for its lock', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const running = client.failover.reboot.other_node();
    const queued = client.failover.reboot.other_node();
    // Both share the reboot_standby lock: the second waits.
    await queued.started;
    await until(() => queued.state === 'WAITING' && running.state === 'RUNNING', 'the second job to wait for the lock');
    await queued.abort();
    const outcome = await settle(queued);
    const error = (outcome as { error: JobAbortedError }).error;
    expect(error).toBeInstanceOf(JobAbortedError);
    expect(error.jobId).toBe(queued.id);
    expect(queued.state).toBe('ABORTED');
    expect(await running).toBeNull();
  });
});
