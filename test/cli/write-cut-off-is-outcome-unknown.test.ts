import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { type DropProxy, startDropProxy } from './drop-proxy.js';
import { pairEnv, runCli, startPair } from './helpers.js';

describe('a change whose answer is lost with the connection: outcome unknown, never sent again', () => {
  let sim: Simulator;
  let proxy: DropProxy;
  beforeAll(async () => {
    sim = await startPair();
    proxy = await startDropProxy(sim.a.ws, 'failover.update');
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.stop();
  });

  it('update exits 5 with how to check; the server applied it once and saw it once', async () => {
    const r = await runCli(['update', '--timeout', '8', '--yes'], { env: pairEnv(sim, { TRUENAS_URL: proxy.url }) });
    expect(r.code, r.output).toBe(5);
    expect(r.stderr).toMatch(
      /^error: failover\.update was sent .* but the connection dropped before the answer arrived, so its outcome is unknown/m,
    );
    expect(r.stderr).toMatch(/^hint: Check the state before trying again/m);
    expect(proxy.seen()).toBe(1);
    expect(sim.state().nodes.A.config.timeout).toBe(8);
  });
});
