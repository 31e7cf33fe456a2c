import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import type { Simulator } from '../../src/simulator.js';
import { baseEnv, freePort, pairEnv, runCli, secretsOf, startPair, tempDir, writeFleet } from './helpers.js';

// Monitoring Plugins conventions: one line "HA STATE - text | perfdata" and exit 0/1/2/3.
const LINE = /^HA (OK|WARNING|CRITICAL|UNKNOWN) - [^|\n]+( \| [^\n]+)?\n$/;

describe('check (Nagios/Icinga plugin)', () => {
  let sim: Simulator;
  let admin: ReturnType<typeof createClient>;
  beforeAll(async () => {
    sim = await startPair();
    admin = createClient({ url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey }, env: false });
  });
  afterAll(async () => {
    await admin.close();
    await sim.stop();
  });

  it('OK (0) on a healthy pair: both controllers, failover enabled, perfdata', async () => {
    const r = await runCli(['check'], { env: pairEnv(sim) });
    expect(r.stdout).toMatch(LINE);
    expect(r.stdout).toMatch(/^HA OK - node A MASTER, node B BACKUP, failover enabled \| reasons=0 timeout=0s time=\d+(\.\d+)?s\n$/);
    expect(r.code).toBe(0);
    for (const secret of secretsOf(sim)) expect(r.output).not.toContain(secret);
  });

  it('WARNING (1) with failover administratively disabled; CRITICAL (2) with the heartbeat cut', async () => {
    await admin.failover.update({ disabled: true });
    const disabled = await runCli(['check'], { env: pairEnv(sim) });
    await admin.failover.update({ disabled: false });
    expect(disabled.stdout).toMatch(LINE);
    expect(disabled.stdout).toMatch(/^HA WARNING - node A MASTER, .*failover disabled: failover administratively disabled \| reasons=1 /);
    expect(disabled.code).toBe(1);

    sim.faults.cutHeartbeat();
    const cut = await runCli(['check'], { env: pairEnv(sim) });
    sim.faults.restoreHeartbeat();
    expect(cut.stdout).toMatch(
      /^HA CRITICAL - node A MASTER, node B unknown, failover enabled: NO_PONG: the other controller does not answer/,
    );
    expect(cut.code).toBe(2);
  });

  it('--warning/--critical are ranges on the time the check took', async () => {
    const slow = await runCli(['check', '-w', '0.0001', '--critical', '60'], { env: pairEnv(sim) });
    expect(slow.stdout).toMatch(
      /^HA WARNING - node A MASTER, .*the check took [\d.]+ s \(WARNING range 0\.0001\) \| .* time=[\d.]+s;0\.0001;60\n$/,
    );
    expect(slow.code).toBe(1);
    const critical = await runCli(['check', '-c', '@0:3600'], { env: pairEnv(sim) });
    expect(critical.stdout).toMatch(/^HA CRITICAL - .*CRITICAL range @0:3600/);
    expect(critical.code).toBe(2);
  });

  it('UNKNOWN (3) when unreachable, when the login is refused, and on a bad command line', async () => {
    const port = await freePort();
    const unreachable = await runCli(['check', '-t', '5'], { env: pairEnv(sim, { TRUENAS_URL: `ws://127.0.0.1:${port}` }) });
    expect(unreachable.stdout).toMatch(/^HA UNKNOWN - cannot reach the pair: .*ECONNREFUSED/);
    expect(unreachable.code).toBe(3);

    const refused = await runCli(['check'], { env: pairEnv(sim, { TRUENAS_API_KEY: '1-wrongwrongwrong' }) });
    expect(refused.stdout).toMatch(/^HA UNKNOWN - login refused: /);
    expect(refused.code).toBe(3);

    for (const args of [
      ['check', '--warning', 'soon'],
      ['check', '--no-such-option'],
      ['check', '--pair', 'nas1'],
    ]) {
      const bad = await runCli(args, { env: pairEnv(sim) });
      expect(bad.code, args.join(' ')).toBe(3);
    }
    const noCredentials = await runCli(['check'], { env: baseEnv({ TRUENAS_URL: sim.vip.ws }) });
    expect(noCredentials.stdout).toMatch(/^HA UNKNOWN - no credentials given/);
    expect(noCredentials.code).toBe(3);
  });

  it('--config FILE --pair NAME checks one pair of the fleet file; an unknown name is UNKNOWN', async () => {
    const dir = tempDir('check-fleet-');
    const fleet = writeFleet(dir, { nas1: sim, gone: `ws://127.0.0.1:${await freePort()}` });
    const ok = await runCli(['check', '--config', fleet, '--pair', 'nas1'], { env: baseEnv() });
    expect(ok.stdout).toMatch(/^HA OK - node A MASTER/);
    expect(ok.code).toBe(0);
    const gone = await runCli(['check', '--config', fleet, '--pair', 'gone', '-t', '5'], { env: baseEnv() });
    expect(gone.stdout).toMatch(/^HA UNKNOWN - cannot reach the pair/);
    expect(gone.code).toBe(3);
    const missing = await runCli(['check', '--config', fleet, '--pair', 'nas9'], { env: baseEnv() });
    expect(missing.stdout).toMatch(/^HA UNKNOWN - no pair named "nas9" in .*fleet.yaml \(pairs: nas1, gone\)/);
    expect(missing.code).toBe(3);
    writeFileSync(
      join(dir, 'inline.yaml'),
      `pairs:\n  - name: x\n    url: ${sim.vip.ws}\n    username: u\n    apiKey: ${sim.credentials.apiKey}\n`,
    );
    const inline = await runCli(['check', '--config', join(dir, 'inline.yaml'), '--pair', 'x'], { env: baseEnv() });
    expect(inline.stdout).toMatch(/^HA UNKNOWN - .*apiKey: secrets are not written in the fleet file/);
    expect(inline.output).not.toContain(sim.credentials.apiKey);
    expect(inline.code).toBe(3);
  });
});
