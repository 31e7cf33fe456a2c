import { describe, expect, it } from 'vitest';
import { CallError, OutcomeUnknownError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

// When the connection drops with calls in flight, reads are sent again on the next connection and
// writes are never replayed: their outcome is unknown, and the error says how to check.
describe('calls in flight at a dropped connection', () => {
  it('a read is answered after the reconnect; a write rejects and is not sent again', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const read = client.failover.config();
    const write = settle(client.failover.update({ timeout: 7 }));
    const sync = settle(client.failover.sync_to_peer());
    await new Promise((r) => setTimeout(r, 100));
    // The VIP drops every connection; the hung controller recovers; the client reconnects.
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    sim.faults.unhangController('A');
    // A replayed update would consume this injected failure instead of the test's next update.
    sim.faults.failNextCall('failover.update', { reason: 'first update after the cut' });
    sim.faults.healVip();

    expect(await read).toMatchObject({ id: 1 });
    for (const [outcome, method] of [
      [await write, 'failover.update'],
      [await sync, 'failover.sync_to_peer'],
    ] as const) {
      const error = (outcome as { error: OutcomeUnknownError }).error;
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(error.method).toBe(method);
      expect(error.sent).toBe(true);
      expect(error.message).toMatch(/outcome is unknown/);
    }
    expect(((await write) as { error: Error }).error.message).toMatch(/failover\.config/);
    const next = await settle(client.failover.update({ timeout: 8 }));
    expect((next as { error: CallError }).error).toBeInstanceOf(CallError);
    expect((next as { error: CallError }).error.reason).toMatch(/first update after the cut/);
  });

  it('calls issued while reconnecting wait for the new connection', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    await client.connect();
    sim.faults.partitionVip();
    await until(() => client.state !== 'ready', 'the drop');
    const waiting = [client.failover.status(), client.failover.update({ timeout: 5 })];
    setTimeout(() => sim.faults.healVip(), 200);
    expect(await Promise.all(waiting)).toEqual(['MASTER', expect.objectContaining({ timeout: 5 })]);
  });
});
