import { describe, expect, it } from 'vitest';
import { connect, session, simulator, waitForNewMaster } from './helpers.js';

describe('the VIP', () => {
  it('drops its connections when the active controller changes and refuses while nobody is active', async () => {
    const sim = await simulator({ timeScale: 0.1 });
    try {
      const c = await session(sim.vip.ws, sim);
      const vipMoves: (string | null)[] = [];
      sim.on('vip', (v) => vipMoves.push(v.holder));
      sim.faults.killController('A');
      await c.closed;
      // During the promotion nobody holds the VIP: new connections drop at once.
      expect(sim.state().vip.holder).toBeNull();
      await expect(connect(sim.vip.ws)).rejects.toThrow();
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      expect(vipMoves).toEqual([null, 'B']);
    } finally {
      await sim.stop();
    }
  });

  it('partitionVip cuts clients from the VIP but not from the controllers', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.partitionVip();
      await c.closed;
      await expect(connect(sim.vip.ws)).rejects.toThrow();
      const direct = await session(sim.a.ws, sim);
      expect(await direct.call('failover.status')).toBe('MASTER');
      sim.faults.healVip();
      const back = await session(sim.vip.ws, sim);
      expect(await back.call('failover.node')).toBe('A');
      direct.close();
      back.close();
    } finally {
      await sim.stop();
    }
  });
});
