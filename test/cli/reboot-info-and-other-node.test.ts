import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, runCliTty, startPair } from './helpers.js';

describe('reboot info / reboot other-node', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('reboot info shows both boot ids (table, and raw JSON with --json)', async () => {
    const { A, B } = sim.state().nodes;
    const table = await runCli(['reboot', 'info'], { env: pairEnv(sim) });
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`this controller \\(node A\\)\\s+${A.bootId}\\s+no`));
    expect(table.stdout).toMatch(new RegExp(`other controller \\(node B\\)\\s+${B!.bootId}\\s+no`));
    const json = await runCli(['reboot', 'info', '--json'], { env: pairEnv(sim) });
    expect(JSON.parse(json.stdout)).toEqual({
      this_node: { boot_id: A.bootId, reboot_required_reasons: [] },
      other_node: { boot_id: B!.bootId, reboot_required_reasons: [] },
    });
  });

  it('reboot other-node runs the job with progress lines and reports the new boot id', async () => {
    const before = sim.state().nodes.B!.bootId;
    const r = await runCli(['reboot', 'other-node', '--yes', '--reason', 'Replace DIMM', '--json'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, node: 'B', bootIdBefore: before });
    expect(report.bootIdAfter).toBe(sim.state().nodes.B!.bootId);
    expect(report.bootIdAfter).not.toBe(before);
    expect(r.stderr).toMatch(/Waiting on the other controller to go offline/);
    expect(r.stderr).toMatch(/100%\s+Other controller rebooted successfully/);
    expect(sim.state().vip.holder).toBe('A');
  });

  it('asks first on a terminal, naming the standby; a sub-command is required', async () => {
    const r = await runCliTty(['reboot', 'other-node'], { env: pairEnv(sim), steps: [{ when: '[y/N]', send: 'no\r' }] });
    expect(r.code).toBe(6);
    expect(r.output).toMatch(/Node B \(the standby\) reboots; node A stays active/);
    const none = await runCli(['reboot'], { env: pairEnv(sim) });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/reboot needs a sub-command: reboot info, reboot other-node/);
  });
});
