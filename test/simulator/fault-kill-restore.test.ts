import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

const refuses = (url: string) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port: Number(new URL(url).port) });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('faults.killController / restoreController', () => {
  it('killing the active controller closes its port and the standby takes over', async () => {
    const sim = await simulator();
    try {
      const transitions: string[] = [];
      sim.on('transition', (t) => transitions.push(`${t.node}:${t.to}`));
      const c = await session(sim.vip.ws, sim);
      sim.faults.killController('A');
      expect((await c.closed).code).toBe(1006);
      expect(await refuses(sim.a.http)).toBe(true);
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      expect(transitions).toEqual(['B:ELECTING', 'B:IMPORTING', 'B:MASTER']);
      const b = await session(sim.vip.ws, sim);
      expect(await b.call('failover.disabled.reasons')).toEqual(['NO_PONG']);
      expect(await b.call('failover.reboot.info')).toMatchObject({ other_node: null });
      // Stays off until restored.
      expect(sim.state().nodes.A).toMatchObject({ up: false, killed: true, status: null });
      const bootIdA = sim.state().nodes.A.bootId;
      sim.faults.restoreController('A');
      await waitUntil(() => sim.state().nodes.A.ready, 15_000, 'A to boot');
      expect(sim.state().nodes.A).toMatchObject({ status: 'BACKUP', killed: false });
      expect(sim.state().nodes.A.bootId).not.toBe(bootIdA);
      await waitUntil(async () => (await b.call<string[]>('failover.disabled.reasons')).length === 0, 10_000, 'healthy again');
      b.close();
    } finally {
      await sim.stop();
    }
  });

  it('shows NO_SYSTEM_READY while the peer boots', async () => {
    const sim = await simulator({ timeScale: 0.05 });
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.killController('B');
      sim.faults.restoreController('B');
      expect(sim.state().nodes.B?.power).toBe('booting');
      expect(await c.call('failover.disabled.reasons')).toContain('NO_SYSTEM_READY');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('names the field of a bad node argument', async () => {
    const sim = await simulator();
    try {
      expect(() => sim.faults.killController('C' as 'A')).toThrow(/node: expected 'A' or 'B'/);
      expect(() => sim.faults.dropFrames(2)).toThrow(/probability/);
      expect(() => sim.faults.failJob('failover.upgrade', { atPercent: 101 })).toThrow(/failure.atPercent/);
    } finally {
      await sim.stop();
    }
  });
});
