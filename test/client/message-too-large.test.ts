import { describe, expect, it } from 'vitest';
import { MessageTooLargeError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// TrueNAS closes the connection on a message over 64 KiB (8 KiB before login); the client refuses
// such a request itself, so only that call fails.
describe('message size', () => {
  it('fails an oversized call with MessageTooLargeError and keeps the connection', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { validate: 'off' });
    await client.connect();
    const url = client.controller?.url;
    const outcome = await settle(client.call('failover.update', [{ timeout: 1, padding: 'x'.repeat(70_000) }] as never));
    const error = (outcome as { error: MessageTooLargeError }).error;
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error.limit).toBe(65536);
    expect(error.size).toBeGreaterThan(70_000);
    expect(client.state).toBe('ready');
    expect(await client.failover.status()).toBe('MASTER');
    expect(client.controller?.url).toBe(url);
  });

  it('applies the 8 KiB limit before login', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const client = clientOf(sim, { auth: null, validate: 'off' });
    const outcome = await settle(client.call('core.ping', ['y'.repeat(9000)] as never));
    expect((outcome as { error: MessageTooLargeError }).error).toBeInstanceOf(MessageTooLargeError);
    expect((outcome as { error: MessageTooLargeError }).error.limit).toBe(8192);
    expect(await client.core.ping()).toBe('pong');
  });
});
