import { describe, expect, it } from 'vitest';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

// TrueNAS limits unauthenticated calls per method and address (20 a minute; more gives EBUSY after
// a 1–10 s sleep). Reconnecting logs in again, so the client paces its logins below the limit.
// A small limit on both sides keeps the test short. The client's window is a little longer than the
// server's, as the default (18 per 60 s against 20) leaves a margin: a login is counted by the client
// when it is sent and by the server when it arrives, and on a loaded machine those differ.
describe('login pacing', () => {
  it('spaces re-logins so that repeated reconnects never hit the server limit', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2', rateLimit: { limit: 3, windowMs: 1500 } });
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { logger, rateLimit: { limit: 3, windowMs: 2000 } });
    await client.connect();
    for (let i = 0; i < 5; i++) {
      sim.faults.partitionVip();
      await until(() => client.state !== 'ready', 'the drop');
      sim.faults.healVip();
      expect(await client.failover.status()).toBe('MASTER');
    }
    // Six logins with three allowed per 1.5 s: the client waited rather than being refused.
    expect(text()).toMatch(/waiting \d+ ms before auth\.login_ex/);
    expect(text()).not.toMatch(/Rate Limit Exceeded/);
    expect(text().match(/logged in to/g)?.length).toBe(6);
  }, 30_000);
});
