import { describe, expect, it } from 'vitest';
import { rootSession, session, simulator, waitForNewMaster, waitUntil } from './helpers.js';

describe('failover.become_passive (planned failover)', () => {
  it('drops the caller without a reply, promotes the peer through ELECTING and IMPORTING, and moves the VIP', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const bootIdA = sim.state().nodes.A.bootId;
      const watcher = await rootSession(sim, 'B');
      await watcher.call('core.subscribe', ['failover.status']);
      await watcher.call('core.subscribe', ['core.get_jobs']);
      const c = await session(sim.vip.ws, sim);
      const reply = c.request('failover.become_passive', [], 5000);
      await expect(reply).rejects.toThrow(/connection closed/);
      expect((await c.closed).code).toBe(1006);
      expect(c.replies.length).toBe(1); // only the login reply

      const statuses = async () =>
        watcher.notifications
          .filter((n) => n.params.collection === 'failover.status')
          .map((n) => (n.params.fields as { status: string }).status);
      await waitUntil(async () => (await statuses()).includes('MASTER'), 15_000, 'B to report MASTER');
      expect(await statuses()).toEqual(['ELECTING', 'IMPORTING', 'MASTER']);
      const promotion = watcher.notifications.filter(
        (n) => n.params.collection === 'core.get_jobs' && (n.params.fields as { method: string }).method === 'failover.events.vrrp_master',
      );
      const descriptions = promotion.map((n) => (n.params.fields as { progress: { description: string } }).progress.description);
      expect(descriptions).toEqual(expect.arrayContaining(['ELECTING', 'IMPORTING', 'SUCCESS']));
      expect(await watcher.call('core.get_jobs', [[['method', '=', 'failover.events.vrrp_master']], { get: true }])).toMatchObject({
        state: 'SUCCESS',
        progress: { description: 'SUCCESS' },
      });

      expect(await waitForNewMaster(sim, 'A')).toBe('B');
      await waitUntil(() => sim.state().nodes.A.ready, 15_000, 'A to come back');
      const a = sim.state().nodes.A;
      expect(a.status).toBe('BACKUP');
      expect(a.bootId).not.toBe(bootIdA);
      expect(sim.state().vip.holder).toBe('B');
      watcher.close();
    } finally {
      await sim.stop();
    }
  });

  it('is refused with a validation error while failover is disabled', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('failover.update', [{ disabled: true, master: true }]);
      const reply = await c.request('failover.become_passive');
      expect(reply.error).toMatchObject({
        code: -32602,
        message: 'Invalid params',
        data: {
          error: 22,
          errname: 'EINVAL',
          reason: '[EINVAL] failover.become_passive: Failover must be enabled.',
          extra: [['failover.become_passive', 'Failover must be enabled.', 22]],
        },
      });
      expect(sim.state().nodes.A.up).toBe(true);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('on the standby just reboots the standby', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const bootIdB = sim.state().nodes.B?.bootId;
      const b = await rootSession(sim, 'B');
      await expect(b.request('failover.become_passive', [], 5000)).rejects.toThrow(/connection closed/);
      await waitUntil(() => sim.state().nodes.B?.ready === true && sim.state().nodes.B?.bootId !== bootIdB, 15_000, 'B to reboot');
      expect(sim.state().nodes.A.status).toBe('MASTER');
      expect(sim.state().nodes.B?.status).toBe('BACKUP');
    } finally {
      await sim.stop();
    }
  });
});
