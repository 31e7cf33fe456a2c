import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('older API versions: 25.04 and 25.10 pairs work with the same commands', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('25.04: status, reboot other-node (no options: --reason is ignored with a warning), upgrade', async () => {
    sim = await startPair({ apiVersion: 'v25.04.0' });
    const status = await runCli(['status', '--json'], { env: pairEnv(sim) });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).apiVersion).toBe('v25.04.0');
    const before = sim.state().nodes.B!.bootId;
    const reboot = await runCli(['reboot', 'other-node', '--yes', '--reason', 'x'], { env: pairEnv(sim) });
    expect(reboot.code, reboot.output).toBe(0);
    expect(reboot.stderr).toMatch(/warning: TrueNAS 25\.04 takes no reboot options/);
    expect(sim.state().nodes.B!.bootId).not.toBe(before);
    const upgrade = await runCli(['upgrade', '--yes'], { env: pairEnv(sim), timeout: 120_000 });
    expect(upgrade.code, upgrade.output).toBe(0);
    expect(sim.state().nodes.A.version).toBe(sim.state().nodes.B!.version);
    const version = await runCli(['upgrade', '--yes', '--version', '25.04.3'], { env: pairEnv(sim) });
    expect(version.code).toBe(2);
    // 25.04 checks failover.upgrade with its older @accepts layer, in its words.
    expect(version.stderr).toMatch(/failover_upgrade\.version: Field was not expected/);
  });

  it('25.04: disable --no-master is refused (25.04 always keeps the answering controller as master); nothing changes', async () => {
    sim = await startPair({ apiVersion: 'v25.04.0' });
    const r = await runCli(['disable', '--no-master', '--yes'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(2);
    expect(r.stderr).toMatch(/^error: Refused, nothing was changed: TrueNAS 25\.04 always makes the controller answering/m);
    expect(sim.state().vip.holder).toBe('A');
    expect(sim.state().nodes.A.config.disabled).toBe(false);
    const plain = await runCli(['disable', '--yes'], { env: pairEnv(sim) });
    expect(plain.code, plain.output).toBe(0);
    expect((await runCli(['enable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
  });

  it('25.10: a planned failover and the list of URLs (--url repeated: VIP first, then the controllers)', async () => {
    sim = await startPair({ apiVersion: 'v25.10.0' });
    const env = pairEnv(sim, { TRUENAS_URL: undefined });
    const r = await runCli(['failover', '--yes', '--url', sim.vip.ws, '--url', sim.a.ws, '--url', sim.b.ws], { env });
    expect(r.code, r.output).toBe(0);
    expect(sim.state().vip.holder).toBe('B');
  });
});
