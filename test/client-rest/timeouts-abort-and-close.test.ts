import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionClosedError, TimeoutError } from '../../src/index.js';
import { clientOver, failure, simulator, TRANSPORTS } from './helpers.js';

// Every call settles: by its answer, its timeout, its signal, or the client closing; a hung
// controller cannot keep a call waiting.
describe.each(TRANSPORTS)('call lifecycle over %s', (transport) => {
  it('times out a call to a hung controller (sent: true), and aborts one with its signal', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    await client.connect();
    sim.faults.hangController('A');
    const timedOut = await failure(client.failover.config({ timeout: 300 }));
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as TimeoutError).sent).toBe(true);
    const controller = new AbortController();
    const pending = client.failover.node({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator stopped it')), 50);
    const aborted = await failure(pending);
    expect(aborted).toBeInstanceOf(AbortedError);
    expect((aborted as AbortedError).reason).toBeInstanceOf(Error);
    const already = await failure(client.failover.node({ signal: AbortSignal.abort() }));
    expect(already).toBeInstanceOf(AbortedError);
    expect((already as AbortedError).sent).toBe(false);
    sim.faults.unhangController('A');
    expect(await client.failover.node()).toBe('A');
  });

  it('settles calls still waiting when the client closes, and refuses calls afterwards', async () => {
    const sim = await simulator();
    const client = clientOver(transport, sim);
    await client.connect();
    sim.faults.hangController('A');
    const pending = [client.failover.config(), client.failover.node(), client.failover.update({ timeout: 3 })];
    await new Promise((r) => setTimeout(r, 100));
    await client.close();
    for (const p of pending) expect(await failure(p)).toBeInstanceOf(ConnectionClosedError);
    expect(await failure(client.failover.config())).toBeInstanceOf(ConnectionClosedError);
    expect(client.state).toBe('closed');
    sim.faults.unhangController('A');
  });
});
