import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, session, simulator, sleep } from './helpers.js';

describe('robustness against bad clients', () => {
  it('survives garbage, wrong types and abrupt disconnects with its state intact', async () => {
    const sim = await simulator();
    try {
      const before = sim.state();
      const frames = [
        '',
        'null',
        '42',
        '"text"',
        '{"jsonrpc":"2.0","id":{},"method":"core.ping"}',
        '\u0000\u0001',
        '{"jsonrpc":"2.0","id":"a","method":42}',
        '[]',
        '{"a":'.repeat(100),
      ];
      for (let round = 0; round < 5; round++) {
        const c = await connect(sim.vip.ws);
        for (const f of frames) c.send(f);
        c.send(JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 'auth.login_ex', params: ['not an object'] }));
        c.ws.terminate();
      }
      // Calls in flight when the client vanishes (a job held with legacy_jobs false, a slow call).
      const c = await connect(sim.vip.ws);
      await c.call('core.set_options', [{ legacy_jobs: false }]);
      await c.call('auth.login_ex', [{ mechanism: 'API_KEY_PLAIN', username: sim.credentials.username, api_key: sim.credentials.apiKey }]);
      c.send(JSON.stringify({ jsonrpc: '2.0', id: 'j', method: 'failover.reboot.other_node', params: [] }));
      c.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 'w',
          method: 'auth.login_ex',
          params: [{ mechanism: 'PASSWORD_PLAIN', username: 'x', password: 'y' }],
        }),
      );
      await sleep(20);
      c.ws.terminate();

      const fresh = await session(sim.vip.ws, sim);
      expect(await fresh.call('failover.status')).toBe('MASTER');
      expect(await fresh.call('failover.config')).toEqual(before.nodes.A.config);
      const wrongTypes = await fresh.request('failover.sync_to_peer', [{ reboot: 'yes' }]);
      expect(wrongTypes.error?.data?.extra).toEqual([['options.reboot', 'Input should be a valid boolean', 22]]);
      const tooMany = await fresh.request('failover.status', [1, 2]);
      expect(tooMany.error?.code).toBe(-32602);
      const missing = await fresh.request('failover.update', []);
      expect(missing.error?.data?.extra).toEqual([['data', 'Field required', 22]]);
      fresh.close();
    } finally {
      await sim.stop();
    }
  });

  it('keeps serving after a client floods it with requests and leaves', async () => {
    const sim = await simulator();
    try {
      const ws = new WebSocket(`${sim.vip.ws}/api/current`);
      await new Promise((resolve) => ws.once('open', resolve));
      for (let i = 0; i < 2000; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'core.ping' }));
      ws.terminate();
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('core.ping')).toBe('pong');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
