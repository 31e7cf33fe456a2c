import { describe, expect, it } from 'vitest';
import { createClient, NotSupportedByTransportError } from '../../src/index.js';
import { apiKeyAuth, simulatorForBoth } from './helpers.js';

// TrueNAS 26 removed REST: a REST client fails at connect, saying so and pointing to wss://,
// rather than failing call by call with 404s.
describe.each(['v26.0.0', 'v27.0.0'] as const)('a REST client against a %s server', (apiVersion) => {
  it('fails at connect with a clear error naming TrueNAS 26 and wss://', async () => {
    const sim = await simulatorForBoth({ apiVersion });
    const client = createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false, timeout: 10_000 });
    try {
      const error = await client.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotSupportedByTransportError);
      expect((error as Error).message).toMatch(/removed in TrueNAS 26/);
      expect((error as Error).message).toContain(`ws://${new URL(sim.vip.http).host}`);
      expect((error as Error).message).not.toContain(sim.credentials.apiKey);
      // A call fails the same way, at once (the error is fatal, not retried).
      await expect(client.failover.config()).rejects.toBeInstanceOf(NotSupportedByTransportError);
    } finally {
      await client.close();
    }
  });

  it('refuses a REST client pinned to an API version without REST when it is created', () => {
    expect(() => createClient({ url: 'https://nas.example', transport: 'rest', apiVersion: apiVersion as never, env: false })).toThrow(
      /TrueNAS 26 removed REST/,
    );
  });
});
