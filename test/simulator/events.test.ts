import { describe, expect, it } from 'vitest';
import { rootSession, session, simulator, sleep, waitUntil } from './helpers.js';

describe('event subscriptions (collection_update)', () => {
  it('pushes failover.disabled.reasons only on change, never on subscribe', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      const id = await c.call<string>('core.subscribe', ['failover.disabled.reasons']);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await sleep(100);
      expect(c.notifications).toEqual([]);
      await c.call('failover.update', [{ disabled: true }]);
      const event = await c.waitFor((n) => n.params.collection === 'failover.disabled.reasons');
      expect(event).toEqual({
        jsonrpc: '2.0',
        method: 'collection_update',
        params: { msg: 'changed', collection: 'failover.disabled.reasons', fields: { disabled_reasons: ['NO_FAILOVER'] } },
      });
      // Asking again computes the same list: no new event.
      await c.call('failover.disabled.reasons');
      await sleep(50);
      expect(c.notifications.length).toBe(1);
      expect(await c.call('core.unsubscribe', [id])).toBeNull();
      await c.call('failover.update', [{ disabled: false }]);
      await sleep(100);
      expect(c.notifications.length).toBe(1);
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('pushes failover.reboot.info with id null when the peer reboots, and `*` receives every plain event', async () => {
    const sim = await simulator();
    try {
      const c = await session(sim.vip.ws, sim);
      await c.call('core.subscribe', ['*']);
      sim.faults.killController('B');
      const info = await c.waitFor((n) => n.params.collection === 'failover.reboot.info');
      expect(info.params).toMatchObject({ msg: 'changed', id: null, fields: { other_node: null } });
      expect(Object.hasOwn(info.params, 'id')).toBe(true);
      const reasons = await c.waitFor((n) => n.params.collection === 'failover.disabled.reasons');
      expect((reasons.params.fields as { disabled_reasons: string[] }).disabled_reasons).toContain('NO_PONG');
      sim.faults.restoreController('B');
      await waitUntil(
        () =>
          c.notifications.some(
            (n) =>
              n.params.collection === 'failover.disabled.reasons' &&
              (n.params.fields as { disabled_reasons: string[] }).disabled_reasons.length === 0,
          ),
        15_000,
        'reasons to clear',
      );
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('refuses subscriptions the credential may not see, and drops them with the connection', async () => {
    const sim = await simulator({ unixSockets: true });
    try {
      const viewer = await session(sim.vip.ws, sim, 'readonly');
      expect(await viewer.call('core.subscribe', ['failover.status'])).toMatch(/-/);
      const reply = await viewer.request('core.subscribe', ['some.unknown.event']);
      expect(reply.error?.data).toMatchObject({ error: 13, reason: '[EACCES] Not authorized' });
      viewer.close();
      const root = await rootSession(sim, 'A');
      expect(await root.call('core.subscribe', ['failover.status'])).toMatch(/-/);
      root.close();
    } finally {
      await sim.stop();
    }
  });
});
