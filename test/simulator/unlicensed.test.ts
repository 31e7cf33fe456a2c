import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { session, simulator } from './helpers.js';

describe('licensed: false (a single, non-HA system)', () => {
  it('answers SINGLE, MANUAL, no reasons, and has no controller B', async () => {
    const sim = await simulator({ licensed: false });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.licensed')).toBe(false);
      expect(await c.call('failover.status')).toBe('SINGLE');
      expect(await c.call('failover.node')).toBe('MANUAL');
      expect(await c.call('failover.disabled.reasons')).toEqual([]);
      expect(await c.call('failover.get_ips')).toEqual([sim.a.http]);
      expect(await c.call('failover.reboot.info')).toMatchObject({ other_node: null });
      const id = await c.call<number>('failover.reboot.other_node');
      expect(await c.call('core.job_wait', [id])).toEqual(expect.any(Number));
      const sync = await c.request('failover.sync_to_peer');
      expect(sync.error?.data).toMatchObject({ errname: 'EHOSTUNREACH', reason: '[EHOSTUNREACH] Unable to determine remote node IP' });
      expect(sim.state().nodes.B).toBeUndefined();
      expect(() => sim.faults.killController('B')).toThrow(/does not exist/);
      const port = Number(new URL(sim.b.http).port);
      const refused = await new Promise<boolean>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(false));
        s.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
