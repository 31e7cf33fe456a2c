import { describe, expect, it } from 'vitest';
import { type ControllerIdentity, OutcomeUnknownError } from '../../src/index.js';
import { clientOver, failure, simulator, TRANSPORTS, until } from './helpers.js';

// When the controller dies with calls in flight: a write is never sent again (its outcome is
// unknown, said with a typed error), a read is sent again and answered by the controller that
// took over, and become_passive resolves, because the drop is its success.
describe.each(TRANSPORTS)('dropped connections over %s', (transport) => {
  it('rejects an in-flight write with OutcomeUnknownError and answers an in-flight read after the failover', async () => {
    const sim = await simulator();
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

  it('resolves failover.become_passive when the controller drops the connection, then reaches the new active one', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    expect(await client.failover.node()).toBe('A');
    expect(await client.failover.become_passive()).toBeNull();
    await until(async () => (await client.failover.node()) === 'B', 'controller B to answer through the VIP');
  });
});
