/**
 * Reboots last longer than the master-down interval, at every time scale. The failover `timeout`
 * sets keepalived's advert interval (etc_files/keepalived.conf.mako: `round(128 * timeout / 385,
 * 2)`, capped at 120 s from 26.0.0-RC.1 by api/v26_0_0/failover.py `FailoverUpdate`), and VRRPv3
 * declares the master down after about three adverts: 122.85 s at most. A real controller takes
 * minutes to reboot, so `become_passive` (plugins/failover.py `become_passive`) always moves the
 * master: the standby promotes before the old master is back.
 */
import { describe, expect, it } from 'vitest';
import { DURATIONS, detectionDelay, MAX_DETECTION_MS } from '../../src/simulator/pair/pair.js';
import { session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

describe('reboot durations keep the real order', () => {
  it('a rebooting controller is down longer than the longest master-down interval plus a promotion', () => {
    expect(detectionDelay(120)).toBe(120_000);
    expect(detectionDelay(1000)).toBe(MAX_DETECTION_MS);
    expect(detectionDelay(0)).toBe(2_000);
    expect(DURATIONS.rebootDown).toBeGreaterThan(MAX_DETECTION_MS + DURATIONS.electing + DURATIONS.importing);
  });

  // timeScale 0.000002: every duration is a millisecond or less, where timers alone cannot keep the order.
  it.each([0.01, 0.0002, 0.000002])('become_passive with timeout 120 moves the master at timeScale %s', async (timeScale) => {
    const sim = await simulator({ timeScale, apiVersion: 'v27.0.0' });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.update', [{ timeout: 120 }])).toMatchObject({ timeout: 120 });
      await waitUntil(() => sim.state().nodes.B?.config.timeout === 120, 5_000, 'the timeout to reach B');
      await c.request('failover.become_passive', [], 5_000).catch(() => undefined);
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      await waitUntil(() => sim.state().nodes.A.ready, 20_000, 'A back');
      expect(sim.state().nodes.A.status).toBe('BACKUP');
      expect(sim.state().vip.holder).toBe('B');
    } finally {
      await sim.stop();
    }
  });
});
