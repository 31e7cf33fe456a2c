import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, runCliTty, startPair, until } from './helpers.js';

describe('Ctrl-C stops waiting; the server job keeps running unless --abort-on-interrupt', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('Ctrl-C during `reboot other-node` exits 130, says the job keeps running, and it does', async () => {
    // A reboot is 140 s of simulated time (longer than the longest master-down interval): 7 s here.
    sim = await startPair({ timeScale: 0.05 });
    const pair = sim;
    const before = pair.state().nodes.B!.bootId;
    const r = await runCli(['reboot', 'other-node', '--yes'], {
      env: pairEnv(pair),
      timeout: 60_000,
      onSpawn: (child, output) => {
        void until(() => output().includes('Rebooting other controller'), 'the job to run').then(() => child.kill('SIGINT'));
      },
    });
    expect(r.code, r.output).toBe(130);
    expect(r.stderr).toMatch(/^error: Stopped waiting; job \d+ keeps rebooting node B on the server\.$/m);
    expect(r.stderr).toMatch(/^hint: Follow it with `truenas-failover watch`/m);
    const job = pair.state().nodes.A.jobs.find((j) => j.method === 'failover.reboot.other_node');
    expect(job?.state).toBe('RUNNING');
    await until(() => pair.state().nodes.B!.bootId !== before, 'node B to reboot anyway', 40_000);
  });

  it('Ctrl-C on a terminal during `call -j` of an upgrade leaves the upgrade running', async () => {
    sim = await startPair({ timeScale: 0.2 });
    const pair = sim;
    const r = await runCliTty(['call', '-j', 'failover.upgrade', '{}'], {
      env: pairEnv(pair),
      timeout: 60_000,
      steps: [{ when: 'Downloading update', send: '\u0003' }],
    });
    expect(r.code, r.output).toBe(130);
    expect(r.output).toMatch(/Stopped waiting; job \d+ \(failover\.upgrade\) keeps running on the server\./);
    expect(pair.state().nodes.A.jobs.find((j) => j.method === 'failover.upgrade')?.state).toBe('RUNNING');
  });

  it('--abort-on-interrupt aborts the job on the server (core.job_wait is abortable: it ends ABORTED)', async () => {
    sim = await startPair({ timeScale: 0.2 });
    const pair = sim;
    const started = await runCli(['call', 'failover.upgrade', '{}'], { env: pairEnv(pair) });
    expect(started.code, started.stderr).toBe(0);
    const upgradeId = started.stdout.trim();
    let interrupted = false;
    const r = await runCli(['call', '-j', '--abort-on-interrupt', 'core.job_wait', upgradeId], {
      env: pairEnv(pair),
      timeout: 60_000,
      onSpawn: (child) => {
        void until(() => pair.state().nodes.A.jobs.some((j) => j.method === 'core.job_wait' && j.state === 'RUNNING'), 'the wait job').then(
          () => {
            interrupted = child.kill('SIGINT');
          },
        );
      },
    });
    expect(interrupted).toBe(true);
    expect(r.code, r.output).toBe(130);
    expect(r.stderr).toMatch(/asked the server to abort job \d+/);
    await until(
      () => pair.state().nodes.A.jobs.some((j) => j.method === 'core.job_wait' && j.state === 'ABORTED'),
      'the wait job to be aborted',
    );
    // Only the job the CLI waited on was aborted; the upgrade itself runs on.
    expect(pair.state().nodes.A.jobs.find((j) => j.method === 'failover.upgrade')?.state).toBe('RUNNING');
  });
});
