import { describe, expect, it } from 'vitest';
import { rootSession, session, simulator, waitUntil } from './helpers.js';

describe('failover.sync_to_peer / sync_from_peer', () => {
  it('copies the configuration that differs (change on B, sync, read on A)', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const a = await session(sim.vip.ws, sim);
      const b = await rootSession(sim, 'B');
      // Writes on the standby are not replicated.
      await b.call('failover.update', [{ timeout: 9, master: false }]);
      expect(await b.call('failover.config')).toMatchObject({ timeout: 9 });
      expect(await a.call('failover.config')).toMatchObject({ timeout: 0 });
      expect(await a.call('failover.sync_from_peer')).toBeNull();
      expect(await a.call('failover.config')).toMatchObject({ timeout: 9, master: true });
      await a.call('failover.update', [{ timeout: 4 }]);
      expect(await b.call('failover.sync_to_peer', [{ reboot: false }])).toBeNull();
      expect(await a.call('failover.config')).toMatchObject({ timeout: 4 });
      a.close();
      b.close();
    } finally {
      await sim.stop();
    }
  });

  it('fails with ECONNREFUSED "Remote connection unavailable" when the peer is down', async () => {
    const sim = await simulator();
    try {
      const a = await session(sim.vip.ws, sim);
      sim.faults.killController('B');
      const reply = await a.request('failover.sync_to_peer');
      expect(reply.error).toMatchObject({
        code: -32001,
        data: { error: 111, errname: 'ECONNREFUSED', reason: '[ECONNREFUSED] Remote connection unavailable' },
      });
      expect((await a.request('failover.sync_from_peer')).error?.data?.errname).toBe('ECONNREFUSED');
      a.close();
    } finally {
      await sim.stop();
    }
  });

  it('reboots the peer when asked', async () => {
    const sim = await simulator();
    try {
      const bootIdB = sim.state().nodes.B?.bootId;
      const a = await session(sim.vip.ws, sim);
      await a.call('failover.sync_to_peer', [{ reboot: true }]);
      await waitUntil(() => sim.state().nodes.B?.bootId !== bootIdB && sim.state().nodes.B?.ready === true, 15_000, 'B to reboot');
      a.close();
    } finally {
      await sim.stop();
    }
  });

  it('catches the standby up after it was away (journal replay)', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const a = await session(sim.vip.ws, sim);
      sim.faults.killController('B');
      await a.call('failover.update', [{ timeout: 12 }]);
      sim.faults.restoreController('B');
      await waitUntil(() => sim.state().nodes.B?.ready === true, 15_000, 'B to boot');
      await waitUntil(() => sim.state().nodes.B?.config.timeout === 12, 5_000, 'B to catch up');
      a.close();
    } finally {
      await sim.stop();
    }
  });
});
