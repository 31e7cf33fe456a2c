import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { apiKeyAuth, simulatorForBoth } from './helpers.js';

// http(s):// addresses pick REST, ws(s):// (or none) WebSocket; `transport` overrides; mixing
// both kinds without saying which is a TypeError.
describe('transport selection', () => {
  it('picks REST for http(s):// and WebSocket for ws(s)://, and both reach the same pair', async () => {
    const sim = await simulatorForBoth();
    const rest = createClient({ url: sim.vip.http, auth: apiKeyAuth(sim), env: false });
    const ws = createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    try {
      expect((rest as { transport?: string }).transport).toBe('rest');
      expect((ws as { transport?: string }).transport).toBe('websocket');
      // One client class behind both transports.
      expect(Object.getPrototypeOf(rest)).toBe(Object.getPrototypeOf(ws));
      expect(await rest.failover.node()).toBe(await ws.failover.node());
    } finally {
      await Promise.all([rest.close(), ws.close()]);
    }
  });

  it('lets transport override the scheme', async () => {
    const sim = await simulatorForBoth();
    const ws = createClient({ url: sim.vip.http, transport: 'websocket', auth: apiKeyAuth(sim), env: false });
    const rest = createClient({ url: sim.vip.ws, transport: 'rest', auth: apiKeyAuth(sim), env: false });
    try {
      expect(await ws.failover.status()).toBe('MASTER');
      expect(rest.transport).toBe('rest');
      expect(await rest.failover.node()).toBe('A');
    } finally {
      await Promise.all([rest.close(), ws.close()]);
    }
  });

  it('uses the scheme of every address: mixed kinds need transport', () => {
    const rest = createClient({ urls: { vip: 'https://nas.example', a: 'https://nas-a.example' }, env: false });
    expect((rest as { transport?: string }).transport).toBe('rest');
    void rest.close();
    expect(() => createClient({ urls: { vip: 'https://nas.example', a: 'wss://nas-a.example' }, env: false })).toThrow(
      /mix http\(s\):\/\/ \(REST\) and ws\(s\):\/\//,
    );
    expect(() => createClient({ url: 'https://nas.example', transport: 'carrier-pigeon' as 'rest', env: false })).toThrow(
      /transport must be 'websocket' or 'rest'/,
    );
  });
});
