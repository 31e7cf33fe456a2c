import { describe, expect, it } from 'vitest';
import { clientOf, simulator, until } from './helpers.js';

// A controller that stops answering (but keeps the socket open) is detected by the keep-alive
// ping, and the client reconnects.
describe('keep-alive', () => {
  it('drops a connection whose controller no longer answers, and reconnects when it recovers', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: { interval: 150, timeout: 200 } });
    await client.connect();
    const codes: number[] = [];
    client.on('disconnected', (d) => codes.push(d.code));
    sim.faults.hangController('A');
    await until(() => codes.length > 0, 'the keep-alive to drop the connection', 5000);
    expect(codes[0]).toBe(4000);
    sim.faults.unhangController('A');
    expect(await client.failover.status()).toBe('MASTER');
    expect(client.state).toBe('ready');
  });

  it('keeps a quiet but healthy connection', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: { interval: 100, timeout: 500 } });
    await client.connect();
    let drops = 0;
    client.on('disconnected', () => drops++);
    await new Promise((r) => setTimeout(r, 800));
    expect(drops).toBe(0);
    expect(client.state).toBe('ready');
  });
});
