import { describe, expect, it } from 'vitest';
import { connect, rootSession, session, simulator, waitForNewMaster } from './helpers.js';

describe('25.04-only behaviour', () => {
  it('requires login for core.ping', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.0' });
    try {
      const c = await connect(sim.vip.ws);
      expect((await c.request('core.ping')).error?.data?.error).toBe(207);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('serves hardware, in_progress, control, force_master, unlock and call_remote', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2', unixSockets: true });
    try {
      const c = await session(sim.vip.ws, sim);
      expect(await c.call('failover.hardware')).toBe('IXKVM');
      expect(await c.call('failover.in_progress')).toBe(false);
      expect(await c.call('failover.force_master')).toBe(false);
      expect(await c.call('failover.control', ['ENABLE', {}])).toBe(false);
      expect(await c.call('failover.control', ['DISABLE', {}])).toBeNull();
      expect(await c.call('failover.config')).toMatchObject({ disabled: true, master: true });
      expect(await c.call('failover.control', ['ENABLE', {}])).toBeNull();
      expect(await c.call('failover.call_remote', ['failover.status'])).toBe('BACKUP');
      expect(await c.call('failover.call_remote', ['system.boot_id'])).toBe(sim.state().nodes.B?.bootId);
      // failover_/remote.py `call_remote`: the peer's -32601 comes back as EFAULT "Method does not exist".
      expect((await c.request('failover.call_remote', ['no.such'])).error?.data).toMatchObject({
        errname: 'EFAULT',
        reason: '[EFAULT] Method does not exist',
      });
      const b = await rootSession(sim, 'B');
      expect(await b.call('failover.unlock', [{ pools: [{ name: 'tank', passphrase: 'secret' }] }])).toBe(true);
      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  // plugins/failover.py at TS-25.10.2: control and unlock are gone; hardware, in_progress and force_master are
  // @private, which the RPC server still runs for a full admin (ws_handler/rpc.py only logs a warning).
  it('25.10+: control and unlock are gone; hardware, in_progress and force_master are private (full admin only)', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.0' });
    try {
      const c = await session(sim.vip.ws, sim);
      for (const method of ['failover.control', 'failover.unlock']) {
        expect((await c.request(method)).error?.message).toBe('Method does not exist');
      }
      expect(await c.call('failover.hardware')).toBe('IXKVM');
      expect(await c.call('failover.in_progress')).toBe(false);
      expect(await c.call('failover.force_master')).toBe(false);
      const viewer = await session(sim.vip.ws, sim, 'readonly');
      expect((await viewer.request('failover.in_progress')).error?.data?.errname).toBe('EACCES');
      viewer.close();
      c.close();
    } finally {
      await sim.stop();
    }
  });
});
