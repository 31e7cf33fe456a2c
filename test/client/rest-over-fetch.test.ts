/**
 * Where `node:http` is not there (browsers), REST goes through `fetch`. Node takes the `node:http`
 * path, so this file makes the client see a browser-like global (`window`) for its duration and
 * counts the `fetch` calls, to prove which path ran. Against the simulator over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ConnectionError, createClient, IncomingMessageTooLargeError, ValidationError } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth } from './helpers.js';

const realFetch = globalThis.fetch;
let fetches = 0;

beforeAll(() => {
  (globalThis as { window?: unknown }).window = globalThis;
  globalThis.fetch = (...args: Parameters<typeof fetch>) => {
    fetches++;
    return realFetch(...args);
  };
});

afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
  globalThis.fetch = realFetch;
});

describe('REST over fetch', () => {
  it('reads, writes and server-side refusals work, each request through fetch', async () => {
    const sim = await simulatorForBoth();
    try {
      const client = clientOver('rest', sim);
      const before = fetches;
      const config = await client.failover.config();
      expect(config).toMatchObject({ disabled: false });
      expect(await client.failover.update({ timeout: 17 })).toMatchObject({ timeout: 17 });
      expect(await client.failover.config()).toMatchObject({ timeout: 17 });
      // A wrong argument the server refuses (client validation off): a typed error naming the field.
      const strict = clientOver('rest', sim, { validate: 'off' });
      const error = (await failure(strict.failover.update({ timeout: 'soon' as unknown as number }))) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(JSON.stringify(error.issues)).toContain('timeout');
      expect(fetches - before).toBeGreaterThanOrEqual(4);
    } finally {
      await sim.stop();
    }
  });

  it('an answer over maxIncomingMessage is refused, not read whole', async () => {
    const sim = await simulatorForBoth();
    try {
      const client = clientOver('rest', sim, { maxIncomingMessage: 16 });
      const error = await failure(client.failover.config());
      expect(error).toBeInstanceOf(IncomingMessageTooLargeError);
    } finally {
      await sim.stop();
    }
  });

  it('a port fetch refuses by itself fails at once, naming fetch\'s reason instead of a bare "Error"', async () => {
    // 6000 is on the Fetch standard's list of bad ports: nothing is sent anywhere.
    const client = createClient({
      url: 'http://127.0.0.1:6000',
      transport: 'rest',
      apiVersion: 'v25.10.0',
      auth: { username: 'truenas_admin', password: 'not-used' },
      env: false,
    });
    onTestFinished(() => client.close());
    const error = (await failure(client.failover.config())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('127.0.0.1:6000');
    expect(error.message).toMatch(/\(bad port\)/);
  });
});
