import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('sync --to-peer | --from-peer', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('--to-peer copies the configuration to the standby', async () => {
    expect((await runCli(['update', '--timeout', '9'], { env: pairEnv(sim) })).code).toBe(0);
    const r = await runCli(['sync', '--to-peer', '--json'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, direction: 'to-peer', source: 'A', target: 'B', disabledReasons: [] });
    expect(sim.state().nodes.B!.config.timeout).toBe(9);
  });

  it('--from-peer pulls, and prints a plain sentence without --json', async () => {
    const r = await runCli(['sync', '--from-peer'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toMatch(/^Configuration copied from node B to node A in [\d.]+ s\.$/m);
  });

  it('exactly one direction; --reboot-peer asks (exit 6 without a terminal) and reboots nothing', async () => {
    expect((await runCli(['sync'], { env: pairEnv(sim) })).code).toBe(2);
    expect((await runCli(['sync', '--to-peer', '--from-peer'], { env: pairEnv(sim) })).code).toBe(2);
    const boot = sim.state().nodes.B!.bootId;
    const r = await runCli(['sync', '--to-peer', '--reboot-peer'], { env: pairEnv(sim) });
    expect(r.code).toBe(6);
    expect(sim.state().nodes.B!.bootId).toBe(boot);
  });

  it('a peer that does not answer: refused before copying anything (exit 13)', async () => {
    sim.faults.killController('B');
    const r = await runCli(['sync', '--to-peer'], { env: pairEnv(sim) });
    expect(r.code).toBe(13);
    expect(r.stderr).toMatch(/^error: Refused, nothing was changed: node B cannot be reached to copy the configuration/m);
    sim.faults.restoreController('B');
  });
});
