/**
 * The state machine on its own, without any socket: proves it is independent of the transports
 * and that faults act on it directly.
 */
import { describe, expect, it } from 'vitest';
import { Faults } from '../../src/simulator/faults.js';
import { attachLifecycle, kill, restore } from '../../src/simulator/pair/lifecycle.js';
import { becomePassive } from '../../src/simulator/pair/operations.js';
import { Pair } from '../../src/simulator/pair/pair.js';
import { Clock } from '../../src/simulator/util/clock.js';
import { SeededRandom } from '../../src/simulator/util/random.js';
import { serverRelease } from '../../src/simulator/versions.js';
import { waitUntil } from './helpers.js';

function pair(apiVersion: 'v27.0.0' | 'v25.10.0' = 'v27.0.0'): Pair {
  const faults = new Faults(new SeededRandom('frames'));
  const p = new Pair({
    release: serverRelease(apiVersion),
    licensed: true,
    criticalInterfaces: true,
    clock: new Clock(0.01),
    random: new SeededRandom('pair'),
    faults,
  });
  attachLifecycle(p);
  faults.pair = p;
  return p;
}

describe('Pair (no transport)', () => {
  it('starts with A active holding the VIP and a healthy pair', () => {
    const p = pair();
    try {
      expect(p.status('A')).toBe('MASTER');
      expect(p.status('B')).toBe('BACKUP');
      expect(p.vipHolder()).toBe('A');
      expect(p.reasonsNow('A')).toEqual([]);
      expect(p.config('B')).toEqual({ id: 1, disabled: false, master: false, timeout: 0 });
    } finally {
      p.stop();
    }
  });

  it('fails over on become_passive and brings the old active controller back as standby with a new boot id', async () => {
    const p = pair();
    try {
      const events: string[] = [];
      p.on('transition', (t) => events.push(`${t.node}:${t.to}`));
      p.on('vip', (v) => events.push(`vip:${v.holder}`));
      const bootId = p.controller('A').bootId;
      becomePassive(p, 'A');
      expect(p.controller('A').power).toBe('down');
      expect(p.reasonsNow('B')).toContain('NO_PONG');
      await waitUntil(() => p.controller('A').power === 'up', 10_000, 'A to boot');
      expect(events).toEqual(['vip:null', 'B:ELECTING', 'B:IMPORTING', 'B:MASTER', 'vip:B', 'A:BACKUP']);
      expect(p.controller('A').bootId).not.toBe(bootId);
      expect(
        p
          .controller('A')
          .jobs.all()
          .map((j) => j.method),
      ).toEqual(['failover.events.vrrp_backup']);
    } finally {
      p.stop();
    }
  });

  it('does not fail over while failover is disabled; the standby stays BACKUP without a VIP holder', async () => {
    const p = pair('v25.10.0');
    try {
      for (const c of Object.values(p.controllers)) c.db = { ...c.db, disabled: true };
      kill(p, 'A');
      await new Promise((r) => setTimeout(r, 100));
      expect(p.status('B')).toBe('BACKUP');
      expect(p.vipHolder()).toBeNull();
      expect(p.reasonsNow('B')).toEqual(['NO_FAILOVER', 'NO_PONG']);
      restore(p, 'A');
      // The designated master returns and takes over again.
      await waitUntil(() => p.vipHolder() === 'A', 10_000, 'A to take over');
    } finally {
      p.stop();
    }
  });
});
