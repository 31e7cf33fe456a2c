/**
 * 10,000 calls at once leave nothing behind: no unsettled call, nothing queued or on the wire, and
 * no timer (the one timer of the calls' deadlines is cleared when the last call settles). Counted by `client.stats()` and
 * by Node's own list of active timers. Over real sockets to the simulator.
 */
import { getEventListeners, setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { clientOf, settle, simulator } from './helpers.js';

const CALLS = 10_000;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('10,000 calls', () => {
  it('settle and leave no pending entries and no timers', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { timeout: 60_000 });
    await client.connect();
    const before = timers();
    const stop = new AbortController();
    // Node warns when one signal gets many listeners; here 1,000 calls share it on purpose.
    setMaxListeners(0, stop.signal);
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < CALLS; i++) {
      // Reads, writes, a signal on some, a few refused before sending.
      if (i % 1000 === 999) calls.push(settle(client.failover.update({ timeout: 'x' as unknown as number })));
      else if (i % 10 === 0) calls.push(client.failover.update({ timeout: 0 }, { signal: stop.signal }));
      else calls.push(client.failover.config());
    }
    expect(client.stats().calls.pending).toBeGreaterThan(CALLS / 2);
    // The calls' deadlines are armed (one timer for all of them): the count sees it.
    expect(timers()).toBeGreaterThan(before);
    expect(getEventListeners(stop.signal, 'abort').length).toBeGreaterThan(0);
    const settled = await Promise.allSettled(calls);
    expect(settled.every((r) => r.status === 'fulfilled')).toBe(true);
    const refused = settled.filter((r) => r.status === 'fulfilled' && (r.value as { error?: unknown })?.error instanceof ValidationError);
    expect(refused).toHaveLength(CALLS / 1000);
    expect(client.stats()).toMatchObject({ calls: { pending: 0, waitingForConnection: 0 }, connection: { inFlight: 0, queued: 0 } });
    expect(timers()).toBeLessThanOrEqual(before);
    // The signal's listeners went with their calls.
    expect(getEventListeners(stop.signal, 'abort')).toEqual([]);
  }, 60_000);
});
