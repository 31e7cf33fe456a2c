import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, runCliTty, startPair, until } from './helpers.js';

describe('update: shows the change, asks before what can move the VIP or stop failover', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());
  // The active controller's view (a controller that is rebooting keeps its old copy until it is back).
  const config = () => {
    const s = sim.state();
    return s.nodes[s.vip.holder ?? 'A']!.config;
  };

  it('a timeout change needs no confirmation; the designated master is kept; --json prints the new config', async () => {
    const r = await runCli(['update', '--timeout', '6', '--json'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ timeout: 6, disabled: false, master: true });
    expect(r.stderr).toMatch(/timeout \(s\)\s+0\s+→ 6/);
    expect(r.stderr).toMatch(/designated master\s+node A \(this controller\)\s+\(unchanged\)/);
    expect(config().timeout).toBe(6);
  });

  it('refuses to prompt without a terminal: exit 6, nothing changed', async () => {
    const r = await runCli(['update', '--disabled', '--no-master'], { env: pairEnv(sim) });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/The VIP will move/);
    expect(r.stderr).toMatch(/hint: Add --yes/);
    expect(config().disabled).toBe(false);
    expect(sim.state().vip.holder).toBe('A');
  });

  it('on a terminal it asks; "n" cancels with exit 6 and nothing changes', async () => {
    const r = await runCliTty(['update', '--disabled'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: 'n\r' }] });
    expect(r.code, r.output).toBe(6);
    expect(r.output).toMatch(/Disable automatic failover\?/);
    expect(r.output).toMatch(/Cancelled; nothing was changed/);
    expect(config().disabled).toBe(false);
  });

  it('on a terminal "y" applies it; --no-master with --disabled moves the VIP to node B', async () => {
    const r = await runCliTty(['update', '--disabled', '--no-master'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: 'y\r' }] });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Move the VIP to node B\?/);
    await until(() => sim.state().vip.holder === 'B', 'the VIP to move to node B');
    expect(sim.state().nodes.B!.config.disabled).toBe(true);
    const back = await runCli(['update', '--enabled', '--yes'], { env: pairEnv(sim) });
    expect(back.code, back.output).toBe(0);
  });

  it('bad values are refused before connecting, naming the option', async () => {
    const r = await runCli(['update', '--timeout', 'soon'], { env: pairEnv(sim) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout must be an integer/);
    const both = await runCli(['update', '--disabled', '--enabled'], { env: pairEnv(sim) });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--disabled and --enabled cannot be used together/);
    const nothing = await runCli(['update'], { env: pairEnv(sim) });
    expect(nothing.code).toBe(2);
  });

  it('the per-call timeout goes before the command name (or --call-timeout); 27.0 rejects a timeout over 120', async () => {
    const r = await runCli(['--timeout', '30', 'update', '--timeout', '7'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    expect(config().timeout).toBe(7);
    const tooBig = await runCli(['update', '--timeout', '500', '--call-timeout', '30'], { env: pairEnv(sim) });
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/data\.timeout: Input should be less than or equal to 120/);
  });
});
