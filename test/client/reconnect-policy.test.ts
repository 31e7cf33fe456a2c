import { describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

// The reconnect option: bounded attempts give up with a typed error; `false` never reconnects by
// itself and does not retry reads in flight.
describe('reconnect policy', () => {
  it('gives up after maxAttempts and rejects the calls that waited', { timeout: 150_000 }, async () => {
    const sim = await simulator();
    sim.faults.partitionVip();
    // Every attempt is reset by the VIP within milliseconds. The limits are generous so that a busy
    // machine cannot turn the give-up into something else: an attempt slowed past a short
    // connectTimeout (Node's fetch may hang on the reset, a cold import of ws) reads as a silent
    // host, and a short call timeout could end the call before the third attempt.
    const client = clientOf(sim, { reconnect: { maxAttempts: 3, initialDelay: 10, maxDelay: 20 }, connectTimeout: 10_000 });
    const outcome = await settle(client.failover.status({ timeout: 120_000 }));
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: ConnectionClosedError }).error;
    expect(error, String(error)).toBeInstanceOf(ConnectionClosedError);
    expect(error.message).toMatch(/Gave up connecting after 3 attempts/);
    expect(client.state).toBe('idle');
    // A later call starts over, and works once the VIP is back.
    sim.faults.healVip();
    expect(await client.failover.status()).toBe('MASTER');
  });

  it('with reconnect: false a read cut off rejects with ConnectionClosedError and the client goes idle', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { reconnect: false, keepAlive: false });
    await client.connect();
    sim.faults.hangController('A');
    const read = settle(client.failover.config());
    await until(() => client.stats().connection?.inFlight === 1, 'the read to be on the wire');
    sim.faults.partitionVip();
    const error = ((await read) as { error: ConnectionClosedError }).error;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.sent).toBe(true);
    await until(() => client.state === 'idle', 'idle');
    sim.faults.unhangController('A');
    sim.faults.healVip();
    // It connects again only when asked.
    expect(await client.failover.status()).toBe('MASTER');
  });
});
