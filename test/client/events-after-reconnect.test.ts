import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src/index.js';
import { clientOf, simulator, until } from './helpers.js';

// Subscriptions end with the connection on the server side; the client makes them again after a
// reconnect, and catches up on change-only events it could not hear while disconnected.
describe('events after a reconnect', () => {
  it('are delivered again once the client is back', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const seen: EventMessage[] = [];
    await client.subscribe('failover.disabled.reasons', (_f, m) => seen.push(m));
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    sim.faults.healVip();
    await client.connect();
    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await until(
      () => seen.some((m) => !m.caughtUp && (m.fields as { disabled_reasons: string[] }).disabled_reasons.includes('NO_FAILOVER')),
      'the live event',
    );
  });

  it('deliver a caught-up change that happened while the client was away', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const seen: EventMessage<{ disabled_reasons: string[] }>[] = [];
    await client.subscribe('failover.disabled.reasons', (_f, m) => seen.push(m));
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    // While the client is cut off, the heartbeat fails: the active controller now reports NO_PONG.
    sim.faults.cutHeartbeat();
    await new Promise((r) => setTimeout(r, 100));
    sim.faults.healVip();
    await until(() => seen.length > 0, 'the caught-up change');
    expect(seen[0]?.caughtUp).toBe(true);
    expect(seen[0]?.fields?.disabled_reasons).toContain('NO_PONG');
  });

  it('catch up on a status change: a controller that rebooted into BACKUP', async () => {
    const sim = await simulator();
    // One direct address (no VIP): the client comes back to the same controller after its reboot.
    const client = clientOf(sim, { url: sim.a.ws });
    const seen: EventMessage<{ status: string }>[] = [];
    await client.subscribe('failover.status', (_f, m) => seen.push(m));
    const bootA = sim.state().nodes.A.bootId;
    sim.faults.killController('A');
    await until(() => sim.state().nodes.B?.status === 'MASTER', 'B to take over', 20_000);
    // With the heartbeat cut, A's login does not redirect to B (it cannot tell that B is active).
    sim.faults.cutHeartbeat();
    sim.faults.restoreController('A');
    await until(() => seen.length > 0, 'the caught-up status', 20_000);
    expect(seen[0]).toMatchObject({ collection: 'failover.status', caughtUp: true, fields: { status: 'BACKUP' } });
    expect(client.controller).toMatchObject({ node: 'A', status: 'BACKUP' });
    expect(client.controller?.bootId).not.toBe(bootA);
  });
});
