/**
 * The system plugin's events: `system.ready` (ADDED, no fields) once a controller has booted
 * (service/core_service.py `notify_postinit`), `system.reboot` (ADDED, `{reason}`) when a reboot
 * starts (plugins/system/lifecycle.py `reboot`), also when the peer asks for it
 * (failover_/reboot.py `other_node`, graceful). 26.0 registers them for SYSTEM_GENERAL_READ
 * (lifecycle.py `SystemService.Config.events`); 25.x sends them unregistered, which only a full
 * admin may subscribe to (main.py `can_subscribe`).
 */
import { describe, expect, it } from 'vitest';
import { type RpcConnection, rootSession, session, simulator, waitUntil } from './helpers.js';

describe('system.ready and system.reboot events', () => {
  it('a graceful reboot.other_node runs system.reboot on the peer, which announces it', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0', unixSockets: true });
    try {
      // The standby redirects logins: watch it as root over its local socket.
      const b = await rootSession(sim, 'B');
      await b.call('core.subscribe', ['system.reboot']);
      const a = await session(sim.a.ws, sim);
      await a.call('failover.reboot.other_node', [{ reason: 'Maintenance', graceful: true }]);
      const reboot = await b.waitFor((n) => n.params.collection === 'system.reboot');
      expect(reboot).toEqual({
        jsonrpc: '2.0',
        method: 'collection_update',
        params: { msg: 'added', collection: 'system.reboot', fields: { reason: 'Maintenance' } },
      });
      expect(await b.call('core.get_jobs', [[['method', '=', 'system.reboot']], { get: true, select: ['arguments', 'state'] }])).toEqual({
        arguments: ['Maintenance', { delay: 5 }],
        state: 'RUNNING',
      });
      await b.closed;
      a.close();
    } finally {
      await sim.stop();
    }
  });

  it('a booting controller announces system.ready once it is ready', async () => {
    // timeScale 0.2: the controller answers for 2 s before it is ready, time enough to subscribe on a busy machine.
    const sim = await simulator({ apiVersion: 'v27.0.0', unixSockets: true, timeScale: 0.2 });
    try {
      const booting = new Promise<void>((resolve) => {
        const off = sim.on('power', ({ node, power }) => {
          if (node !== 'B' || power !== 'booting') return;
          off();
          resolve();
        });
      });
      sim.faults.killController('B');
      sim.faults.restoreController('B');
      await booting;
      // The controller's listener reopens right after it starts booting.
      let b: RpcConnection | undefined;
      await waitUntil(async () => Boolean((b = await rootSession(sim, 'B'))), 10_000, 'B to accept connections');
      if (!b) throw new Error('unreachable');
      await b.call('core.subscribe', ['system.ready']);
      expect(await b.call('system.ready')).toBe(false);
      const ready = await b.waitFor((n) => n.params.collection === 'system.ready', 20_000);
      expect(ready.params).toEqual({ msg: 'added', collection: 'system.ready' });
      expect(await b.call('system.ready')).toBe(true);
      b.close();
    } finally {
      await sim.stop();
    }
  });

  it('a read-only admin may subscribe on 26.0+ (SYSTEM_GENERAL_READ), not on 25.10 (unregistered)', async () => {
    for (const [apiVersion, allowed] of [
      ['v25.10.2', false],
      ['v27.0.0', true],
    ] as const) {
      const sim = await simulator({ apiVersion });
      try {
        const viewer = await session(sim.vip.ws, sim, 'readonly');
        const reply = await viewer.request('core.subscribe', ['system.ready']);
        if (allowed) expect(typeof reply.result).toBe('string');
        else expect(reply.error?.data?.errname).toBe('EACCES');
        viewer.close();
      } finally {
        await sim.stop();
      }
    }
  });
});
