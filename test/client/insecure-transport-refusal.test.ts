import { describe, expect, it } from 'vitest';
import { InsecureTransportError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

// Secrets never travel over plain ws:// to a host that is not loopback (TrueNAS revokes an API
// key used that way), unless allowInsecure. `ws://0.0.0.0:PORT` reaches the loopback simulator on
// Linux while not being a loopback address, so it stands in for a network address.
function networkUrl(endpoint: string): string {
  return `ws://0.0.0.0:${new URL(endpoint).port}`;
}

describe('insecure transport refusal', () => {
  it('refuses to send a plain API key, saying TrueNAS revokes it, and the key stays valid', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = clientOf(sim, { url: networkUrl(sim.vip.ws) });
    const outcome = await settle(client.failover.status());
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: InsecureTransportError }).error;
    expect(error).toBeInstanceOf(InsecureTransportError);
    expect(error.credential).toBe('API key');
    expect(error.message).toMatch(/revokes an API key/);
    expect(error.message).not.toContain(sim.credentials.apiKey);
    // Nothing was sent: the same key still logs in over loopback.
    expect(await clientOf(sim).failover.status()).toBe('MASTER');
  });

  it('refuses a password and a token the same way', async () => {
    const sim = await simulator();
    for (const auth of [{ username: sim.credentials.username, password: sim.credentials.password }, { token: 'some-token-value' }]) {
      const outcome = await settle(clientOf(sim, { url: networkUrl(sim.vip.ws), auth }).connect());
      expect((outcome as { error: unknown }).error).toBeInstanceOf(InsecureTransportError);
    }
  });

  it('allows SCRAM, which never sends the key', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    expect(await clientOf(sim, { url: networkUrl(sim.vip.ws) }).failover.status()).toBe('MASTER');
  });

  it('sends the secret when allowInsecure is set', async () => {
    const sim = await simulator();
    const client = clientOf(sim, {
      url: networkUrl(sim.vip.ws),
      allowInsecure: true,
      auth: { username: sim.credentials.username, password: sim.credentials.password },
    });
    expect(await client.failover.status()).toBe('MASTER');
  });
});
