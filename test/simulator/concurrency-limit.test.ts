import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { session, simulator } from './helpers.js';

describe('concurrent calls per connection', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // A slow answer (the peer hangs, so disabled.reasons waits out its timeout) keeps calls in flight.
    sim = await simulator({ timeScale: 0.2 });
  });
  afterAll(() => sim.stop());

  it('answers the 21st concurrent call with -32000 and serves the first 20', async () => {
    const c = await session(sim.vip.ws, sim);
    sim.faults.hangController('B');
    const replies = await Promise.all(Array.from({ length: 25 }, () => c.request('failover.disabled.reasons', [], 20_000)));
    sim.faults.unhangController('B');
    const refused = replies.filter((r) => r.error?.code === -32000);
    const served = replies.filter((r) => Array.isArray(r.result));
    expect(refused.length).toBe(5);
    expect(served.length).toBe(20);
    expect(refused[0]!.error).toEqual({ code: -32000, message: 'Maximum number of concurrent calls (20) has exceeded' });
    expect(served[0]!.result).toContain('NO_PONG');
    expect(await c.call('core.ping')).toBe('pong');
    c.close();
  });
});
