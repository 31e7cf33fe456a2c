import { describe, expect, it } from 'vitest';
import { QueueFullError } from '../../src/index.js';
import { clientOf, memoryLogger, settle, simulator } from './helpers.js';

// At most 20 calls on the wire per connection; the rest wait locally, up to maxQueue.
describe('local queue', () => {
  it('Promise.all over 1,000 calls just works, never exceeding 20 on the wire', async () => {
    const sim = await simulator();
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { logger });
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.failover.status()));
    expect(new Set(results)).toEqual(new Set(['MASTER']));
    expect(text()).not.toMatch(/over its concurrent-call limit/);
  });

  it('rejects calls beyond maxQueue with QueueFullError, and keeps serving the rest', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { maxQueue: 30 });
    await client.connect();
    sim.faults.delayFrames(20);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => settle(client.failover.config())));
    const full = outcomes.filter((o) => !o.ok);
    // 20 on the wire plus 30 waiting are accepted.
    expect(full.length).toBeGreaterThanOrEqual(100 - 20 - 30);
    expect(full.length).toBeLessThan(100);
    for (const o of full) expect((o as { error: unknown }).error).toBeInstanceOf(QueueFullError);
    expect((full[0] as { error: QueueFullError }).error.limit).toBe(30);
  });
});
