import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('an http(s):// address is used over WebSocket (events and job progress need it)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair({ apiVersion: 'v25.10.0' });
  });
  afterAll(() => sim?.stop());

  it('status and watch work with --url http://…', async () => {
    const env = pairEnv(sim, { TRUENAS_URL: sim.vip.http });
    const status = await runCli(['status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).address).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api\/v25\.10\.0$/);
    const watch = await runCli(['watch', '--count', '2', '--json'], { env });
    expect(watch.code, watch.stderr).toBe(0);
    expect(
      watch.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event),
    ).toEqual(['failover.status', 'failover.disabled.reasons']);
  });
});
