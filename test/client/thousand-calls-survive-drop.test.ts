import { describe, expect, it } from 'vitest';
import { ConnectionClosedError, OutcomeUnknownError, TrueNasError } from '../../src/index.js';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

// No call ever hangs: 1,000 concurrent calls, the connection dropped midway, all settle, answered
// or rejected with a typed error. Reads cut off are sent again; writes cut off are not.
describe('1,000 concurrent calls across a dropped connection', () => {
  it('all settle; reads are answered; writes on the wire get OutcomeUnknownError', async () => {
    const sim = await simulator();
    const { logger, text } = memoryLogger();
    const client = clientOf(sim, { logger, timeout: 30_000 });
    await client.connect();
    // Slow frames keep calls in flight long enough for the cut to catch some.
    sim.faults.delayFrames(5);
    let answered = 0;
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const p: Promise<unknown> = i % 10 === 9 ? client.failover.update({ timeout: i % 100 }) : client.failover.config();
      return p.then(
        () => {
          answered++;
          return { kind: i % 10 === 9 ? 'write' : 'read', ok: true as const };
        },
        (error: unknown) => ({ kind: i % 10 === 9 ? 'write' : 'read', ok: false as const, error }),
      );
    });
    await until(() => answered >= 100, '100 answers before the cut', 20_000, 5);
    sim.faults.partitionVip();
    await new Promise((r) => setTimeout(r, 200));
    sim.faults.delayFrames(0);
    sim.faults.healVip();
    const outcomes = await Promise.all(calls);

    expect(outcomes).toHaveLength(1000);
    const failed = outcomes.filter((o) => !o.ok) as { kind: string; error: unknown }[];
    for (const f of failed) expect(f.error).toBeInstanceOf(TrueNasError);
    // Every read was answered, those cut off included.
    expect(outcomes.filter((o) => o.kind === 'read' && !o.ok)).toEqual([]);
    // A failed write is one that was on the wire at the cut: outcome unknown, never replayed.
    for (const f of failed) {
      expect(f.kind).toBe('write');
      expect(f.error).toBeInstanceOf(OutcomeUnknownError);
      expect(f.error).toBeInstanceOf(ConnectionClosedError);
    }
    expect(text()).toMatch(/sending it again on the next one/);
    // The client never put more than 20 calls on the wire: the server never refused one.
    expect(text()).not.toMatch(/over its concurrent-call limit/);
  }, 60_000);
});
