import { describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

// The reconnect option: bounded attempts give up with a typed error; `false` never reconnects by
// itself and does not retry reads in flight.
describe('reconnect policy', () => {
  it('gives up after maxAttempts and rejects the calls that waited', async () => {
    const sim = await simulator();
    sim.faults.partitionVip();
    const client = clientOf(sim, { reconnect: { maxAttempts: 3, initialDelay: 10, maxDelay: 20 }, connectTimeout: 500 });
    const outcome = await settle(client.failover.status());
    const error = (outcome as { error: ConnectionClosedError }).error;
    expect(error).toBeInstanceOf(ConnectionClosedError);
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
    await new Promise((r) => setTimeout(r, 50));
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
