import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, runCliTty, startPair } from './helpers.js';

describe('upgrade: the rolling upgrade in three phases, progress surviving the failover', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('upgrades both controllers and ends healthy with the roles swapped (plain progress lines, --json)', async () => {
    sim = await startPair();
    const before = sim.state().nodes.A.version;
    const r = await runCli(['upgrade', '--yes', '--json'], { env: pairEnv(sim), timeout: 120_000 });
    expect(r.code, r.output).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: true,
      upgradedStandby: true,
      master: 'B',
      failover: { from: { node: 'A' }, to: { node: 'B' }, disabledReasons: [] },
    });
    expect(typeof report.jobId).toBe('number');
    const { A, B } = sim.state().nodes;
    expect(A.version).not.toBe(before);
    expect(B!.version).toBe(A.version);
    expect(sim.state().vip.holder).toBe('B');
    expect(A.disabledReasons).toEqual([]);
    for (const phase of [
      '[1/4] Check that the pair can be upgraded',
      '[2/4] Upgrade both controllers',
      '[3/4] Fail over to the upgraded controller',
      '[4/4] The old active controller reboots into the new version',
    ]) {
      expect(r.stderr).toContain(phase);
    }
    expect(r.stderr).toMatch(/ 40%\s+Active Controller: 40%: Extracting \| Standby Controller: 40%: Extracting/);
    expect(r.stderr).not.toContain('\r');
    // Healthy afterwards: the published status agrees.
    expect((await runCli(['status'], { env: pairEnv(sim) })).code).toBe(0);
  });

  it('--no-failover stops after phase 1; running upgrade again skips to the failover', async () => {
    sim = await startPair();
    const first = await runCli(['upgrade', '--yes', '--no-failover'], { env: pairEnv(sim), timeout: 120_000 });
    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toMatch(/Standby upgraded/);
    expect(sim.state().vip.holder).toBe('A');
    const pending = await runCli(['status', '--json'], { env: pairEnv(sim) });
    expect(pending.code).toBe(13);
    expect(JSON.parse(pending.stdout).disabledReasons.map((d: { code: string }) => d.code)).toContain('MISMATCH_VERSIONS');
    const second = await runCli(['upgrade', '--yes', '--json'], { env: pairEnv(sim), timeout: 120_000 });
    expect(second.code, second.output).toBe(0);
    expect(second.stderr).toMatch(/the update is already applied on node A \(it waits for a reboot\); continuing with the failover/);
    expect(JSON.parse(second.stdout)).toMatchObject({ upgradedStandby: false, jobId: null, master: 'B' });
    expect(sim.state().vip.holder).toBe('B');
    expect(sim.state().nodes.A.version).toBe(sim.state().nodes.B!.version);
  });

  it('an installer warning (EAGAIN) stops a script with a hint; --resume accepts it', async () => {
    sim = await startPair();
    sim.faults.installerWarning('Boot pool has less than 20% free space.');
    const stopped = await runCli(['upgrade', '--yes'], { env: pairEnv(sim), timeout: 120_000 });
    expect(stopped.code, stopped.output).toBe(1);
    expect(stopped.stderr).toMatch(/warning: the update installer warned: Boot pool has less than 20% free space\./);
    expect(stopped.stderr).toMatch(/^error: The update installer warned: Boot pool has less than 20% free space\.$/m);
    expect(stopped.stderr).toMatch(/^hint: Nothing was installed\. .*truenas-failover upgrade --resume/m);
    const resumed = await runCli(['upgrade', '--yes', '--resume'], { env: pairEnv(sim), timeout: 120_000 });
    expect(resumed.code, resumed.output).toBe(0);
    expect(sim.state().nodes.A.version).toBe(sim.state().nodes.B!.version);
  });

  it('on a terminal: asks to accept the warning, draws bars, and finishes', async () => {
    sim = await startPair();
    sim.faults.installerWarning('Boot pool has less than 20% free space.');
    const r = await runCliTty(['upgrade'], {
      env: pairEnv(sim),
      timeout: 120_000,
      steps: [
        { when: 'Start a rolling upgrade', send: 'y\r' },
        { when: 'Accept the warning and continue', send: 'y\r' },
      ],
    });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/█/);
    expect(r.output).toContain('\r\x1b[2K');
    expect(r.output).toMatch(/warning accepted; running the upgrade job again with resume: true/);
    expect(r.output).toMatch(/Rolling upgrade done/);
  });

  it('a failing upgrade job exits 1 with the server’s reason and leaves the VIP where it was', async () => {
    sim = await startPair();
    sim.faults.failJob('failover.upgrade', { atPercent: 40, reason: 'Disk write error' });
    const r = await runCli(['upgrade', '--yes'], { env: pairEnv(sim), timeout: 120_000 });
    expect(r.code, r.output).toBe(1);
    expect(r.stderr).toMatch(/^error: Job \d+ \(failover\.upgrade\) failed: .*Disk write error/m);
    expect(sim.state().vip.holder).toBe('A');
  });
});
