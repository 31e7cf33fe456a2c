import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { clientOf, simulator } from './helpers.js';

// The API version: given, named in the URL, or the newest both sides know (GET /api/versions).
describe('API version', () => {
  it('is discovered as the newest version the server and the client share', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = clientOf(sim);
    expect(client.apiVersion).toBeUndefined();
    await client.connect();
    expect(client.apiVersion).toBe('v25.10.2');
    expect(client.controller?.url).toBe(`${sim.vip.ws}/api/v25.10.2`);
  });

  it('follows a full endpoint URL, pinning an older version on a newer server', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim, { url: `${sim.vip.ws}/api/v25.10.0` });
    await client.connect();
    expect(client.apiVersion).toBe('v25.10.0');
    // The v25.10.0 surface: reboot.other_node takes { reason, graceful }.
    expect(await client.failover.reboot.other_node({ reason: 'test', graceful: true })).toBeNull();
  });

  it('uses apiVersion when given, and rejects one that contradicts the URL', async () => {
    const sim = await simulator({ apiVersion: 'v26.0.0' });
    const client = clientOf(sim, { apiVersion: 'v25.10.2' });
    expect(client.apiVersion).toBe('v25.10.2');
    expect(await client.failover.status()).toBe('MASTER');
    expect(client.controller?.url).toMatch(/\/api\/v25\.10\.2$/);
    expect(() => createClient({ url: `${sim.vip.ws}/api/v25.10.0`, apiVersion: 'v26.0.0', env: false })).toThrow(TypeError);
    expect(() => createClient({ url: sim.vip.ws, apiVersion: 'v9.9.9' as never, env: false })).toThrow(/apiVersion/);
  });
});
