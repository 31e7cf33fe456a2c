import { describe, expect, it } from 'vitest';
import { session, simulator, waitUntil } from './helpers.js';

describe('faults.failNextCall / failJob / reset', () => {
  it('fails the next call of a method once with the given error', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.failNextCall('failover.status', { errno: 110, reason: 'Timed out talking to the peer' });
      const reply = await c.request('failover.status');
      expect(reply.error).toMatchObject({
        code: -32001,
        message: 'Method call error',
        data: { error: 110, errname: 'ETIMEDOUT', reason: '[ETIMEDOUT] Timed out talking to the peer' },
      });
      expect(await c.call('failover.status')).toBe('MASTER');
      sim.faults.failNextCall('failover.config', { code: -32602, reason: 'Bad thing' });
      expect((await c.request('failover.config')).error).toMatchObject({
        code: -32602,
        data: { extra: [['failover.config', 'Bad thing', 22]] },
      });
      sim.faults.failNextCall('failover.node', { code: -32000 });
      expect((await c.request('failover.node')).error).toEqual({
        code: -32000,
        message: 'Maximum number of concurrent calls (20) has exceeded',
      });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('fails the next job of a method when it reaches the given progress', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      sim.faults.failJob('failover.reboot.other_node', { atPercent: 5, errno: 110, reason: 'Standby did not answer' });
      const bootIdB = sim.state().nodes.B?.bootId;
      const id = await c.call<number>('failover.reboot.other_node');
      await waitUntil(
        async () => (await c.call<{ state: string }>('core.get_jobs', [[['id', '=', id]], { get: true }])).state !== 'RUNNING',
        10_000,
        'the job to end',
      );
      const final = await c.call<Record<string, unknown>>('core.get_jobs', [[['id', '=', id]], { get: true }]);
      expect(final).toMatchObject({
        state: 'FAILED',
        error: '[ETIMEDOUT] Standby did not answer',
        progress: { percent: 0, description: 'Checking other controller boot environment' },
        exc_info: { type: 'CallError', errno: 110 },
      });
      // It failed before the reboot step: the standby is untouched, and the next job runs normally.
      expect(sim.state().nodes.B).toMatchObject({ bootId: bootIdB, up: true });
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('reset() clears every fault', async () => {
    const sim = await simulator();
    try {
      sim.faults.cutHeartbeat();
      sim.faults.hangController('B');
      sim.faults.partitionVip();
      sim.faults.delayFrames(500);
      sim.faults.failNextCall('failover.status');
      sim.faults.reset();
      const state = sim.state();
      expect(state.heartbeat).toBe('up');
      expect(state.vip.partitioned).toBe(false);
      expect(state.nodes.B?.hung).toBe(false);
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.status')).toBe('MASTER');
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
