import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, runCliTty, startPair, until } from './helpers.js';

describe('failover: planned failover to the standby, followed through the VIP', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('moves the VIP from A to B, waits for A to return as standby, and reports it (--json)', async () => {
    sim = await startPair();
    const bootA = sim.state().nodes.A.bootId;
    const r = await runCli(['failover', '--yes', '--json'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, from: { node: 'A' }, to: { node: 'B' }, master: 'B', disabledReasons: [] });
    expect(report.noMasterMs).toBeGreaterThan(0);
    expect(report.peerBackMs).toBeGreaterThanOrEqual(report.noMasterMs);
    const state = sim.state();
    expect(state.vip.holder).toBe('B');
    expect(state.nodes.A.status).toBe('BACKUP');
    expect(state.nodes.A.bootId).not.toBe(bootA);
    // Progress went to stderr as plain lines (no terminal): phases and steps, no carriage returns.
    for (const phase of [
      '[1/4] Check that the pair can fail over',
      '[2/4] The active controller becomes passive',
      '[3/4] The standby takes over',
      '[4/4] The old active controller returns as a healthy standby',
    ]) {
      expect(r.stderr).toContain(phase);
    }
    expect(r.stderr).not.toContain('\r');
  });

  it('--no-wait-peer returns once the new MASTER answers', async () => {
    sim = await startPair();
    const r = await runCli(['failover', '--yes', '--no-wait-peer'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toMatch(/Planned failover done: node B is MASTER \(was node A\)/);
    expect(r.stdout).not.toMatch(/back as the standby/);
  });

  it('refuses while failover is disabled (exit 12) and does not touch the pair', async () => {
    sim = await startPair();
    expect((await runCli(['disable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
    const bootA = sim.state().nodes.A.bootId;
    const r = await runCli(['failover', '--yes'], { env: pairEnv(sim) });
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/^error: Failover is administratively disabled/m);
    expect(r.stderr).toMatch(/hint: Run `truenas-failover enable` first/);
    expect(sim.state().nodes.A.bootId).toBe(bootA);
    expect(sim.state().vip.holder).toBe('A');
  });

  it('refuses with disabled reasons (the standby is down: exit 13), and asks on a terminal before acting', async () => {
    sim = await startPair();
    sim.faults.killController('B');
    const r = await runCli(['failover', '--yes'], { env: pairEnv(sim) });
    expect(r.code).toBe(13);
    expect(r.stderr).toMatch(/not ready for a failover/);
    sim.faults.restoreController('B');
    await until(() => sim!.state().nodes.A.disabledReasons.length === 0, 'node B to be back as a healthy standby');
    const tty = await runCliTty(['failover'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: '\r' }] });
    expect(tty.code, tty.output).toBe(6);
    expect(tty.output).toMatch(/Fail over from node A to node B\?/);
    expect(sim.state().vip.holder).toBe('A');
  });

  it('on a terminal the progress is a bar redrawn in place', async () => {
    sim = await startPair({ timeScale: 0.05 });
    const r = await runCliTty(['failover', '--yes'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('\r\x1b[2K');
    expect(r.output).toMatch(/<=>/);
    expect(r.output).toMatch(/Planned failover done/);
  });
});
