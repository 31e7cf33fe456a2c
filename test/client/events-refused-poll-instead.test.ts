import { describe, expect, it } from 'vitest';
import { createClient, NotSupportedByTransportError, type RestClient } from '../../src/index.js';
import { apiKeyAuth, clientOver, simulatorForBoth } from './helpers.js';

// REST has no events: subscribe and events refuse with a typed error (not a silent no-op), and
// poll() is the documented stand-in, built on plain calls.
describe('events over REST', () => {
  it('refuses subscribe and events with NotSupportedByTransportError pointing to poll()', async () => {
    const sim = await simulatorForBoth();
    const client = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false });
    try {
      const subscribed = await client.subscribe('failover.status').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(subscribed).toBeInstanceOf(NotSupportedByTransportError);
      expect((subscribed as Error).message).toMatch(/poll/);
      expect(() => client.events('failover.disabled.reasons')).toThrow(NotSupportedByTransportError);
    } finally {
      await client.close();
    }
  });

  it('poll() yields the current value, then each change, and ends quietly when its signal aborts', async () => {
    const sim = await simulatorForBoth();
    const client = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false }) as RestClient<'v25.10.0'>;
    const writer = clientOver('websocket', sim);
    const stop = new AbortController();
    const seen: number[] = [];
    try {
      for await (const config of client.poll('failover.config', { interval: 30, signal: stop.signal })) {
        seen.push(config.timeout);
        if (seen.length === 1) await writer.failover.update({ timeout: 5 });
        if (seen.length === 2) await writer.failover.update({ timeout: 7 });
        if (seen.length === 3) stop.abort();
      }
      // Unchanged results are not repeated.
      expect(seen).toEqual([0, 5, 7]);
    } finally {
      await client.close();
    }
  });

  it('poll() rejects the pending next() when a call fails, e.g. a method REST does not expose', async () => {
    const sim = await simulatorForBoth();
    const client = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false });
    try {
      const iterator = client.poll('failover.status', { interval: 10 });
      await expect(iterator.next()).rejects.toThrow(/not exposed over REST/);
      expect(() => client.poll('failover.config', { interval: -1 })).toThrow(TypeError);
    } finally {
      await client.close();
    }
  });
});
