import { describe, expect, it } from 'vitest';
import { session, simulator, sleep } from './helpers.js';

describe('faults.hangController', () => {
  it('accepts but does not answer; the peer reports NO_PONG; answers resume after unhang', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const a = await session(sim.a.ws, sim);
      sim.faults.hangController('B');
      // Connections are accepted (TCP) but the WebSocket handshake is not answered.
      const stuck = new Promise<string>((resolve) => {
        import('ws').then(({ default: WebSocket }) => {
          const ws = new WebSocket(`${sim.b.ws}/api/current`);
          ws.once('open', () => resolve('open'));
          ws.once('error', () => resolve('error'));
          setTimeout(() => resolve('pending'), 300);
        });
      });
      expect(await stuck).toBe('pending');
      expect(await a.call('failover.disabled.reasons', [], 10_000)).toContain('NO_PONG');
      expect(sim.state().nodes.A.status).toBe('MASTER');
      sim.faults.unhangController('B');
      expect(await a.call('failover.disabled.reasons')).toEqual([]);
      a.close();
    } finally {
      await sim.stop();
    }
  });

  it('holds requests on an open connection until the controller answers again', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.hangController('A');
      const pending = c.request('failover.status', [], 10_000);
      await sleep(200);
      expect(c.replies.length).toBe(1);
      sim.faults.unhangController('A');
      expect((await pending).result).toBe('MASTER');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
