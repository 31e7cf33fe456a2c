import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair, statusSchema } from './helpers.js';

describe('status --json validates against docs/status-output.schema.json', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('on a healthy pair (exit 0), with the peer inferred as BACKUP', async () => {
    const r = await runCli(['status', '--json'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(statusSchema().safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ healthy: true, condition: 'healthy', exitCode: 0, licensed: true, status: 'MASTER', node: 'A' });
    expect(report.controllers.peer).toMatchObject({ node: 'B', status: 'BACKUP', statusSource: 'inferred' });
    expect(report.controllers.this.bootId).toBe(sim.state().nodes.A.bootId);
  });

  it('with both controller addresses, the peer is asked directly (its login is redirected: BACKUP)', async () => {
    const r = await runCli(['status', '--json', '--vip', sim.vip.ws, '--a', sim.a.ws, '--b', sim.b.ws], {
      env: pairEnv(sim, { TRUENAS_URL: undefined }),
    });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(statusSchema().safeParse(report).success).toBe(true);
    expect(report.controllers.peer).toMatchObject({ node: 'B', status: 'BACKUP', statusSource: 'redirect' });
  });

  it('while failover is disabled the report still validates, with exit code 12 in it and as the exit status', async () => {
    const off = await runCli(['disable', '--yes'], { env: pairEnv(sim) });
    expect(off.code, off.output).toBe(0);
    try {
      const r = await runCli(['status', '--json'], { env: pairEnv(sim) });
      expect(r.code).toBe(12);
      const report = JSON.parse(r.stdout);
      expect(statusSchema().safeParse(report).success).toBe(true);
      expect(report).toMatchObject({ healthy: false, condition: 'failover-disabled', exitCode: 12 });
      expect(report.disabledReasons).toContainEqual({ code: 'NO_FAILOVER', meaning: 'failover is administratively disabled' });
    } finally {
      expect((await runCli(['enable', '--yes'], { env: pairEnv(sim) })).code).toBe(0);
    }
  });

  it('a report that breaks the schema is rejected by the validator (the check can fail)', () => {
    const v = statusSchema();
    expect(v.safeParse({ schemaVersion: 1 }).success).toBe(false);
  });
});
