import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator.js';
import { connect, login } from './helpers.js';

/** The shared helper turns the limit off; these tests want it on. */
const startSimulatorForTest = (rateLimit: { limit: number; windowMs: number } | undefined) =>
  startSimulator({ seed: 'rate', ...(rateLimit ? { rateLimit } : {}) });

describe('unauthenticated rate limit', () => {
  it('refuses the call after the limit with EBUSY "Rate Limit Exceeded"', async () => {
    const sim = await startSimulatorForTest({ limit: 3, windowMs: 60_000 });
    try {
      const c = await connect(sim.vip.ws);
      for (let i = 0; i < 3; i++) expect(await c.call('core.ping')).toBe('pong');
      const reply = await c.request('core.ping', [], 15_000);
      expect(reply.error?.data).toMatchObject({ error: 16, errname: 'EBUSY', reason: '[EBUSY] Rate Limit Exceeded' });
      // Counted per method: another no-auth method still works, and set_options is exempt.
      for (let i = 0; i < 5; i++) await c.call('core.set_options', [{}]);
      await login(c, sim);
      // Authenticated calls are not counted.
      for (let i = 0; i < 5; i++) expect(await c.call('core.ping')).toBe('pong');
      c.close();
    } finally {
      await sim.stop();
    }
  });

  it('is on by default at 20 calls a window', async () => {
    const sim = await startSimulatorForTest(undefined);
    try {
      const c = await connect(sim.a.ws);
      for (let i = 0; i < 20; i++) await c.call('core.ping');
      expect((await c.request('core.ping', [], 15_000)).error?.data?.errname).toBe('EBUSY');
      // Each controller keeps its own table.
      const b = await connect(sim.b.ws);
      expect(await b.call('core.ping')).toBe('pong');
      c.close();
      b.close();
    } finally {
      await sim.stop();
    }
  });
});
