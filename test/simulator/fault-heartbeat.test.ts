import { describe, expect, it } from 'vitest';
import { rootSession, session, simulator, sleep, waitForNewMaster } from './helpers.js';

describe('faults.cutHeartbeat', () => {
  it('reports NO_PONG on both controllers without failing over while the active one lives', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const a = await session(sim.vip.ws, sim);
      const b = await rootSession(sim, 'B');
      await b.call('core.subscribe', ['failover.disabled.reasons']);
      sim.faults.cutHeartbeat();
      const expected = ['NO_PONG', 'NO_CARRIER_ON_HEARTBEAT'];
      expect(await a.call<string[]>('failover.disabled.reasons')).toEqual(expect.arrayContaining(expected));
      expect(await b.call<string[]>('failover.disabled.reasons')).toEqual(expect.arrayContaining(expected));
      const event = await b.waitFor((n) => n.params.collection === 'failover.disabled.reasons');
      expect((event.params.fields as { disabled_reasons: string[] }).disabled_reasons).toEqual(expect.arrayContaining(expected));
      await sleep(300);
      expect(sim.state().nodes.A.status).toBe('MASTER');
      expect(sim.state().nodes.B?.status).toBe('BACKUP');
      expect(sim.state().heartbeat).toBe('cut');
      // With the link still cut, losing the active controller promotes the standby.
      sim.faults.killController('A');
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      sim.faults.restoreHeartbeat();
      a.close();
      b.close();
    } finally {
      await sim.stop();
    }
  });
});
