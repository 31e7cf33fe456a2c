import { describe, expect, it } from 'vitest';
import { rootSession, session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

describe('failover.update', () => {
  it('replicates the row to the standby, which reports master reversed', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.update', [{ timeout: 7 }])).toEqual({ id: 1, disabled: false, master: true, timeout: 7 });
      const b = await rootSession(sim, 'B');
      expect(await b.call('failover.config')).toEqual({ id: 1, disabled: false, master: false, timeout: 7 });
      b.close();
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('disabling reports NO_FAILOVER on both controllers; enabling clears it', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const c = await session(sim.vip.ws, sim);
      const b = await rootSession(sim, 'B');
      await c.call('failover.update', [{ disabled: true }]);
      expect(await c.call('failover.disabled.reasons')).toEqual(['NO_FAILOVER']);
      expect(await b.call('failover.disabled.reasons')).toEqual(['NO_FAILOVER']);
      await c.call('failover.update', [{ disabled: false }]);
      expect(await c.call('failover.disabled.reasons')).toEqual([]);
      b.close();
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('disabling with master: false forces the other controller to take over (25.10+)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.update', [{ disabled: true, master: false }])).toEqual({
        id: 1,
        disabled: true,
        master: false,
        timeout: 0,
      });
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      // The fenced-out controller comes back as standby and stays there: failover is disabled.
      await waitUntil(() => sim.state().nodes.A.ready && sim.state().nodes.A.status === 'BACKUP', 15_000, 'A back as BACKUP');
      expect(sim.state().vip.holder).toBe('B');
    } finally {
      await sim.stop();
    }
  });

  it('on 25.04 makes the answering controller the designated master whatever `master` says', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.update', [{ master: false, timeout: 3 }])).toEqual({
        id: 1,
        disabled: false,
        master: true,
        timeout: 3,
      });
      expect(await c.call('failover.update', [{ master: null }])).toMatchObject({ master: true });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('validates timeout 0–120 on 27.0 and names the field', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    try {
      const c = await session(sim.vip.ws, sim);
      const reply = await c.request('failover.update', [{ timeout: 500 }]);
      expect(reply.error?.code).toBe(-32602);
      expect(reply.error?.data?.extra).toEqual([['data.timeout', 'Input should be less than or equal to 120', 22]]);
      const extraKey = await c.request('failover.update', [{ timeout: 1, colour: 'red' }]);
      expect(extraKey.error?.data?.extra).toEqual([['data.colour', 'Extra inputs are not permitted', 22]]);
      expect(sim.state().nodes.A.config.timeout).toBe(0);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  // api/v26_0_0/failover.py and v27_0_0 `FailoverUpdate.timeout` (ge=0, le=120) from 26.0.0-RC.1 (stable/26 f42ac980);
  // api/v25_10_*/failover.py `FailoverEntry.timeout: int` and 25.04's Int('timeout') have no bound.
  it('bounds timeout to 0–120 on v26.0.0 (RC.1 on) and v27.0.0 only; 25.x stores any integer', async () => {
    for (const [apiVersion, bounded] of [
      ['v25.04.2', false],
      ['v25.10.5', false],
      ['v26.0.0', true],
      ['v27.0.0', true],
    ] as const) {
      const sim = await simulator({ apiVersion });
      try {
        const c = await session(sim.vip.ws, sim);
        for (const timeout of [-1, 121]) {
          const reply = await c.request('failover.update', [{ timeout }]);
          if (bounded) expect(reply.error?.code).toBe(-32602);
          else expect(reply.result).toMatchObject({ timeout });
        }
        expect(await c.call('failover.update', [{ timeout: 120 }])).toMatchObject({ timeout: 120 });
        c.close();
      } finally {
        await sim.stop();
      }
    }
  });

  it('refuses to enable failover without a critical interface', async () => {
    const sim = await simulator({ criticalInterfaces: false });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.config')).toMatchObject({ disabled: true });
      expect(await c.call('failover.disabled.reasons')).toEqual(expect.arrayContaining(['NO_CRITICAL_INTERFACES', 'NO_FAILOVER']));
      const reply = await c.request('failover.update', [{ disabled: false }]);
      expect(reply.error?.data).toMatchObject({
        reason: '[EINVAL] failover_update.disabled: You need at least one critical interface to enable failover.\n',
        extra: [['failover_update.disabled', 'You need at least one critical interface to enable failover.', 22]],
      });
      expect(sim.state().nodes.A.config.disabled).toBe(true);
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
