import { describe, expect, it } from 'vitest';
import { rootSession, simulator, waitUntil } from './helpers.js';

describe('faults.failJob on the promotion job', () => {
  it('leaves the promoting controller in ERROR, with the job FAILED and described ERROR', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      sim.faults.failJob('failover.events.vrrp_master', { atPercent: 0, reason: 'Failed to import pool tank' });
      sim.faults.killController('A');
      await waitUntil(() => sim.state().nodes.B?.status === 'ERROR', 10_000, 'B in ERROR');
      const b = await rootSession(sim, 'B');
      expect(await b.call('failover.status')).toBe('ERROR');
      expect(await b.call('core.get_jobs', [[['method', '=', 'failover.events.vrrp_master']], { get: true }])).toMatchObject({
        state: 'FAILED',
        error: '[EFAULT] Failed to import pool tank',
        progress: { description: 'ERROR' },
      });
      expect(sim.state().vip.holder).toBeNull();
      // The old active controller returns and takes over; B stays in ERROR until it reboots.
      sim.faults.restoreController('A');
      await waitUntil(() => sim.state().vip.holder === 'A', 15_000, 'A to take over');
      b.close();
    } finally {
      await sim.stop();
    }
  });
});
