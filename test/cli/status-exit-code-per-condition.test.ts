import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/cli/ha/snapshot.js';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('status: a distinct exit code per condition', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('0 healthy, 12 failover disabled, 0 again after enable', async () => {
    sim = await startPair();
    expect((await runCli(['status'], { env: pairEnv(sim) })).code).toBe(0);
    expect((await runCli(['disable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
    const disabled = await runCli(['status'], { env: pairEnv(sim) });
    expect(disabled.code).toBe(12);
    expect(disabled.stdout).toMatch(/failover is DISABLED/);
    expect(disabled.stdout).toMatch(/NO_FAILOVER: failover is administratively disabled/);
    expect((await runCli(['enable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
    expect((await runCli(['status'], { env: pairEnv(sim) })).code).toBe(0);
  });

  it('13 when disabled reasons are present (the standby is down: NO_PONG)', async () => {
    sim = await startPair();
    sim.faults.killController('B');
    const r = await runCli(['status', '--json'], { env: pairEnv(sim) });
    expect(r.code).toBe(13);
    const report = JSON.parse(r.stdout);
    expect(report.condition).toBe('disabled-reasons');
    expect(report.disabledReasons.map((d: { code: string }) => d.code)).toContain('NO_PONG');
    expect(report.controllers.peer).toMatchObject({ node: 'B', status: null, rebootRequired: null });
  });

  it('10 on an unlicensed (single) system', async () => {
    sim = await startPair({ licensed: false });
    const r = await runCli(['status', '--json'], { env: pairEnv(sim) });
    expect(r.code).toBe(10);
    expect(JSON.parse(r.stdout)).toMatchObject({ licensed: false, status: 'SINGLE', condition: 'unlicensed', controllers: { peer: null } });
  });

  it('11 when the address reaches a standby that logs in (its active peer hangs, so no redirect)', async () => {
    sim = await startPair();
    sim.faults.hangController('A');
    const r = await runCli(['status', '--url', sim.b.ws, '--json'], { env: pairEnv(sim), timeout: 90_000 });
    expect(r.code, r.stderr).toBe(11);
    expect(JSON.parse(r.stdout)).toMatchObject({ node: 'B', status: 'BACKUP', condition: 'not-master' });
    sim.faults.unhangController('A');
  });

  it('3 when the login is refused, 4 when nothing answers', async () => {
    sim = await startPair();
    const wrongKey = `${sim.credentials.apiKey.split('-')[0]}-${'x'.repeat(64)}`;
    const auth = await runCli(['status'], { env: pairEnv(sim, { TRUENAS_API_KEY: wrongKey }) });
    expect(auth.code).toBe(3);
    expect(auth.stderr).toMatch(/^error: Login failed/m);
    const port = Number(new URL(sim.vip.ws).port);
    await sim.stop();
    sim = undefined;
    const down = await runCli(['status', '--connect-timeout', '2'], { env: baseEnvFor(port) });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/^error: .*ECONNREFUSED/m);
    expect(down.stderr).toMatch(/^hint: /m);
  });

  it('14 when only a reboot is pending; the conditions are checked in the documented order', () => {
    const ok = {
      licensed: true,
      status: 'MASTER',
      node: 'A',
      config: { id: 1, disabled: false, master: true, timeout: 0 },
      disabledReasons: [],
    };
    const controller = { node: 'A', status: 'MASTER', statusSource: 'direct' as const, bootId: 'x', rebootRequired: [] };
    const peer = { ...controller, node: 'B', rebootRequired: [{ code: 'UPGRADE', reason: 'finish the upgrade' }] };
    expect(evaluate({ ...ok, controllers: { this: controller, peer: controller } }).exitCode).toBe(0);
    expect(evaluate({ ...ok, controllers: { this: controller, peer } })).toMatchObject({ exitCode: 14, condition: 'reboot-required' });
    const reasons = [{ code: 'NO_PONG', meaning: '' }];
    expect(evaluate({ ...ok, disabledReasons: reasons, controllers: { this: controller, peer } }).exitCode).toBe(13);
    const disabled = { ...ok, config: { ...ok.config, disabled: true }, disabledReasons: reasons };
    expect(evaluate({ ...disabled, controllers: { this: controller, peer } }).exitCode).toBe(12);
    expect(evaluate({ ...disabled, status: 'BACKUP', controllers: { this: controller, peer } }).exitCode).toBe(11);
    expect(evaluate({ ...disabled, licensed: false, status: 'SINGLE', controllers: { this: controller, peer: null } }).exitCode).toBe(10);
  });
});

function baseEnvFor(port: number) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TRUENAS_URL: `ws://127.0.0.1:${port}`,
    TRUENAS_USERNAME: 'truenas_admin',
    TRUENAS_API_KEY: `1-${'a'.repeat(64)}`,
  };
}
