import { describe, expect, it } from 'vitest';
import { CallError, type ControllerIdentity, type FailoverEvent, OutcomeUnknownError, ValidationError } from '../../src/index.js';
import { clientOf, clientOver, failure, master, settle, simulator, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

// When the connection drops (or the controller dies) with calls in flight: a write is never sent
// again (its outcome is unknown, said with a typed error), a read is sent again and answered by
// the controller reached next, and become_passive resolves, because the drop is its success.
describe.each(TRANSPORTS)('dropped connections over %s', (transport) => {
  it('rejects an in-flight write with OutcomeUnknownError and answers an in-flight read after the failover', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    expect(await client.failover.node()).toBe('A');
    const failovers: unknown[] = [];
    client.on('failover', (e) => failovers.push(e));
    sim.faults.hangController('A');
    const write = client.failover.update({ timeout: 9 });
    const read = client.failover.node();
    await new Promise((r) => setTimeout(r, 150));
    sim.faults.killController('A');
    const error = await failure(write);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).method).toBe('failover.update');
    expect((error as Error).message).toMatch(/failover\.config/);
    expect(await read).toBe('B');
    expect((await client.failover.config()).timeout).toBe(0);
    await until(() => failovers.length > 0, 'the failover event');
    expect((client.controller as ControllerIdentity).node).toBe('B');
  });

  it('resolves failover.become_passive with null when the controller drops the connection, and follows the VIP to the new master', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    expect(await client.failover.node()).toBe('A');
    const bootA = sim.state().nodes.A.bootId;
    expect(await client.failover.become_passive()).toBeNull();
    await until(async () => (await client.failover.node()) === 'B', 'controller B to answer through the VIP');
    await until(() => events.length > 0, 'the failover event', 20_000);
    expect(events[0]).toMatchObject({ from: { node: 'A', bootId: bootA }, to: { node: 'B' }, nodeChanged: true, bootChanged: true });
    // REST on 25.10 has no failover.status: the status of the controller reached is known over WebSocket.
    if (transport === 'websocket') expect(events[0]?.to.status).toBe('MASTER');
    expect(master(sim)).toBe('B');
    expect(client.controller?.node).toBe('B');
  });

  it('failover.become_passive still rejects when the server refuses it (failover disabled)', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim);
    await client.failover.update({ disabled: true });
    const error = (await failure(client.failover.become_passive())) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ attribute: 'failover.become_passive', message: 'Failover must be enabled.' });
    expect(master(sim)).toBe('A');
  });
});

// Over WebSocket a dropped connection is noticed at once (the socket closes), with no call needed:
// calls made meanwhile wait for the next connection. (Over REST, the next request notices.)
describe('calls in flight at a dropped WebSocket connection', () => {
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
