import { describe, expect, it } from 'vitest';
import { HaRedirectError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// A standby answers login with REDIRECT and the active controller's URLs (spec §2.4).
describe('login on the standby', () => {
  it('is a typed HaRedirectError carrying the URLs when they are not configured', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = clientOf(sim, { url: sim.b.ws });
    const outcome = await settle(client.connect());
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: HaRedirectError }).error;
    expect(error).toBeInstanceOf(HaRedirectError);
    expect(error.urls).toContain(sim.vip.http);
    expect(error.message).toContain(sim.vip.http);
  });

  it('is followed when it names a configured address', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0' });
    const { logger, text } = memoryLogger();
    // The standby comes first in the list; its redirect names the VIP, which is also listed.
    const client = clientOf(sim, { urls: [sim.b.ws, sim.vip.ws], logger });
    expect(await client.failover.status()).toBe('MASTER');
    expect(text()).toMatch(/following its redirect/);
    expect(client.controller?.url.startsWith(sim.vip.ws)).toBe(true);
  });

  it('ends the reconnect loop when the one configured controller became the standby', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { url: sim.a.ws });
    await client.connect();
    await client.failover.become_passive();
    // A comes back as standby and redirects logins to the VIP, which this client does not know.
    const outcome = await settle(client.failover.status({ timeout: 20_000 }));
    expect((outcome as { error: unknown }).error).toBeInstanceOf(HaRedirectError);
    expect((outcome as { error: HaRedirectError }).error.urls).toContain(sim.vip.http);
    expect(client.state).toBe('idle');
  });
});
