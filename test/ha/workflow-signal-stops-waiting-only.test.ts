import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../src/index.js';
import { master, pairClient, settle, simulator, until } from './helpers.js';

describe('a workflow’s signal stops waiting, not the work on the server', () => {
  it('planned failover: aborted while following the pair, the failover still completes', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const controller = new AbortController();
    const workflow = client.ha.plannedFailover({ signal: controller.signal, interval: 100 });
    workflow.on('phase', (p) => {
      if (p.id === 'new-master') controller.abort(new Error('operator pressed Ctrl-C'));
    });
    const result = await settle(workflow);
    expect((result as { error: unknown }).error).toBeInstanceOf(AbortedError);
    expect((result as { error: AbortedError }).error.message).toMatch(/work already started on the server continues/);
    expect(workflow.state).toBe('failed');
    await until(() => master(sim) === 'B', 'node B to take over anyway');
  });

  it('rolling upgrade: aborted during the job, the job keeps running on the server', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const controller = new AbortController();
    const workflow = client.ha.rollingUpgrade({ signal: controller.signal, interval: 100 });
    workflow.on('progress', (u) => {
      if (u.description === 'Sending files to Standby Controller') controller.abort();
    });
    expect((await settle(workflow)).error).toBeInstanceOf(AbortedError);
    await until(
      () => sim.state().nodes.A.jobs.some((j) => j.method === 'failover.upgrade' && j.state === 'SUCCESS'),
      'the job to finish',
      20_000,
    );
  });

  it('rolling upgrade with abortJobOnSignal: the job is asked to abort (a job still waiting for its lock ends ABORTED)', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    // Another upgrade job holds the failover_upgrade lock: the workflow's job waits behind it.
    const other = client.failover.upgrade();
    await other.started;
    const controller = new AbortController();
    const workflow = client.ha.rollingUpgrade({ signal: controller.signal, abortJobOnSignal: true, interval: 100 });
    workflow.on('progress', (u) => {
      if (u.phase?.id === 'standby-upgraded' && u.description === 'upgrade job waiting') controller.abort();
    });
    expect((await settle(workflow)).error).toBeInstanceOf(AbortedError);
    await until(
      () => sim.state().nodes.A.jobs.some((j) => j.method === 'failover.upgrade' && j.state === 'ABORTED'),
      'the waiting job to be aborted',
    );
    await expect(other).resolves.toBe(true);
  });

  it('a signal aborted before the start rejects at once and sends nothing', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const controller = new AbortController();
    controller.abort();
    const result = await settle(client.ha.emergencyDisable({ signal: controller.signal }));
    expect((result as { error: unknown }).error).toBeInstanceOf(AbortedError);
    expect(sim.state().nodes.A.config.disabled).toBe(false);
  });
});
