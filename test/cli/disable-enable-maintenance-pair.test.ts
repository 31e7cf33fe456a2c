import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair, until } from './helpers.js';

describe('disable / enable: the emergency pair, checked afterwards', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('disable keeps the active controller, reports NO_FAILOVER; enable waits until healthy', async () => {
    sim = await startPair();
    const off = await runCli(['disable', '--yes', '--json'], { env: pairEnv(sim) });
    expect(off.code, off.output).toBe(0);
    const report = JSON.parse(off.stdout);
    expect(report).toMatchObject({ disabled: true, activeNode: 'A', config: { disabled: true } });
    expect(report.disabledReasons).toContainEqual({ code: 'NO_FAILOVER', meaning: 'failover is administratively disabled' });
    expect(off.stderr).toMatch(/Automatic failover stops/);
    expect(sim.state().vip.holder).toBe('A');
    const on = await runCli(['enable', '--yes'], { env: pairEnv(sim) });
    expect(on.code, on.output).toBe(0);
    expect(on.stdout).toMatch(/Failover is enabled and healthy: node B will take over if node A fails/);
    expect(sim.state().nodes.A.disabledReasons).toEqual([]);
  });

  it('disable --no-master hands the pair to node B (the VIP moves) and says so first', async () => {
    sim = await startPair();
    const r = await runCli(['disable', '--no-master', '--yes'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(r.stderr).toMatch(/The VIP will move/);
    expect(r.stdout).toMatch(/Node B is active and stays active/);
    await until(() => sim!.state().vip.holder === 'B', 'node B to hold the VIP');
  });

  it('enable reports remaining disabled reasons with exit 13 when the pair cannot become healthy', async () => {
    sim = await startPair();
    expect((await runCli(['disable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
    sim.faults.killController('B');
    const r = await runCli(['enable', '--yes', '--wait', '2', '--json'], { env: pairEnv(sim), timeout: 60_000 });
    expect(r.code, r.output).toBe(13);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ healthy: false, config: { disabled: false } });
    expect(report.disabledReasons.map((d: { code: string }) => d.code)).toContain('NO_PONG');
  });

  it('without --yes and without a terminal, disable changes nothing (exit 6)', async () => {
    sim = await startPair();
    const r = await runCli(['disable'], { env: pairEnv(sim) });
    expect(r.code).toBe(6);
    expect(sim.state().nodes.A.config.disabled).toBe(false);
  });
});
