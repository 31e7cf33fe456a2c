import { describe, expect, it } from 'vitest';
import { createClient, type RestClient } from '../../src/index.js';
import { apiKeyAuth, simulator, until } from './helpers.js';

// With the controllers' own addresses (no VIP) a REST client looks for the active controller:
// by failover.status where REST has it (25.04), by who holds the VIP (failover.get_ips) where it
// does not (25.10); and when that controller dies, it moves to the one that took over.
describe.each(['v25.04.2', 'v25.10.0'] as const)('REST client with controller addresses on %s', (apiVersion) => {
  it('prefers the active controller over a standby listed first, and follows a failover', async () => {
    const sim = await simulator({ apiVersion });
    const client = createClient({
      urls: [sim.b.http, sim.a.http],
      transport: 'rest',
      auth: apiKeyAuth(sim),
      env: false,
      timeout: 20_000,
      reconnect: { initialDelay: 25, maxDelay: 400 },
    }) as RestClient<'v25.10.0'>;
    try {
      expect(await client.failover.node()).toBe('A');
      expect(client.controller?.url).toBe(`${sim.a.http}/api/v2.0`);
      const failovers: string[] = [];
      client.on('failover', (e) => failovers.push(`${e.from.node}->${e.to.node}`));
      sim.faults.killController('A');
      await until(async () => (await client.failover.node()) === 'B', 'controller B to answer');
      expect(failovers).toEqual(['A->B']);
      await client.failover.update({ timeout: 4 });
      expect(sim.state().nodes.B?.config.timeout).toBe(4);
    } finally {
      await client.close();
    }
  });
});
