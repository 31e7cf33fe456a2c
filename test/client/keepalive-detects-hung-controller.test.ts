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

  // The ping needs no free slot: with all 20 taken, TrueNAS answers a 21st call at once with -32000,
  // and any answer proves the controller alive. So user calls get all 20 slots.
  describe('with all 20 call slots taken', () => {
    async function twentySlowCalls(keepAlive: { interval: number; timeout: number }) {
      // With B hung, failover.disabled.reasons on A waits out its peer-call timeout (2 s at this scale).
      const sim = await simulator({ timeScale: 0.4 });
      const client = clientOf(sim, { keepAlive });
      await client.connect();
      const codes: number[] = [];
      client.on('disconnected', (d) => codes.push(d.code));
      sim.faults.hangController('B');
      const calls = Array.from({ length: 20 }, () => client.failover.disabled.reasons());
      await until(() => client.stats().connection?.inFlight === 20, 'all 20 calls on the wire at once', 5000, 5);
      expect(client.stats().connection?.queued).toBe(0);
      return { sim, client, codes, calls };
    }

    it('keeps the connection of a controller that is slow but alive', async () => {
      const { sim, codes, calls } = await twentySlowCalls({ interval: 100, timeout: 800 });
      // The server runs 10 of them and holds 10: 2 s with every slot taken, a quiet line, and a
      // ping due every 100 ms, each of which would drop the connection 800 ms later if unanswered.
      // Each is answered at once (refused as a 21st call), which keeps it.
      const first = await Promise.race(calls);
      expect(first).toContain('NO_PONG');
      expect(codes).toEqual([]);
      // (Then a ping waits behind the 10 calls the server runs, as TrueNAS queues it: with a
      // timeout shorter than those calls, the connection may drop and the reads go again.)
      sim.faults.unhangController('B');
      for (const reasons of await Promise.all(calls)) expect(Array.isArray(reasons)).toBe(true);
    });

    it('still drops the connection of a controller that hangs', async () => {
      const { sim, client, codes, calls } = await twentySlowCalls({ interval: 100, timeout: 800 });
      sim.faults.hangController('A');
      // Well before the calls' own 20 s timeout: only the ping can tell.
      await until(() => codes.length > 0, 'the keep-alive to drop the connection', 5000);
      expect(codes[0]).toBe(4000);
      sim.faults.unhangController('A');
      sim.faults.unhangController('B');
      // The reads in flight at the drop are sent again on the next connection.
      for (const reasons of await Promise.all(calls)) expect(Array.isArray(reasons)).toBe(true);
      expect(client.state).toBe('ready');
    });
  });
});
