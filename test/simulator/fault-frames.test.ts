import { describe, expect, it } from 'vitest';
import { session, simulator, sleep } from './helpers.js';

describe('faults.delayFrames / dropFrames', () => {
  it('delays every frame by at least the given time', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.delayFrames(150);
      const started = Date.now();
      expect(await c.call('core.ping')).toBe('pong');
      // Inbound and outbound: at least two delays.
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      sim.faults.delayFrames(0);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('drops frames with the given probability (1: everything, 0: nothing)', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.dropFrames(1);
      const lost = c.request('core.ping', [], 300);
      await expect(lost).rejects.toThrow(/no reply/);
      sim.faults.dropFrames(0);
      expect(await c.call('core.ping')).toBe('pong');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('drops a seeded share of frames', async () => {
    const sim = await simulator({ seed: 42 });
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.dropFrames(0.5);
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => c.request('core.ping', [], 500)));
      sim.faults.dropFrames(0);
      const answered = results.filter((r) => r.status === 'fulfilled').length;
      expect(answered).toBeGreaterThan(0);
      expect(answered).toBeLessThan(20);
      await sleep(10);
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
