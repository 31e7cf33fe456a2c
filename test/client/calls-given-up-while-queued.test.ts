/**
 * A call that waits for one of the connection's 20 slots and is given up on there (its timeout, its
 * signal) is never sent and no longer counts as queued: it makes room for the next calls. Checked
 * with writes, whose effect the server's state would show.
 */
import { describe, expect, it } from 'vitest';
import { AbortedError, QueueFullError, TimeoutError } from '../../src/index.js';
import { clientOf, settle, simulator, until } from './helpers.js';

describe('calls given up on while they wait for a slot', () => {
  it('are never sent, and free their place in the queue', async () => {
    // With B hung, failover.disabled.reasons on A waits out its peer-call timeout (2 s at this scale).
    const sim = await simulator({ timeScale: 0.4 });
    const client = clientOf(sim, { keepAlive: false, maxQueue: 5 });
    const before = (await client.failover.config()).timeout;
    sim.faults.hangController('B');
    const slow = Array.from({ length: 20 }, () => client.failover.disabled.reasons());
    await until(() => client.stats().connection?.inFlight === 20, 'all 20 slots taken', 5000, 5);

    // Five writes wait in the 5 places of the queue; a sixth call is refused.
    const timedOut = Array.from({ length: 5 }, (_, i) => settle(client.failover.update({ timeout: before + 1 + i }, { timeout: 50 })));
    expect(client.stats().connection?.queued).toBe(5);
    expect(((await settle(client.failover.config())) as { error: unknown }).error).toBeInstanceOf(QueueFullError);
    for (const outcome of await Promise.all(timedOut)) {
      const error = (outcome as { error: TimeoutError }).error;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.sent).toBe(false);
      expect(error.message).toMatch(/every call slot of the connection \(maxInFlight\) stayed taken/);
    }
    expect(client.stats().connection?.queued).toBe(0);

    // Their places are free again: five more calls wait there.
    const later = Array.from({ length: 5 }, () => client.failover.config());
    expect(client.stats().connection?.queued).toBe(5);

    sim.faults.unhangController('B');
    for (const reasons of await Promise.all(slow)) expect(Array.isArray(reasons)).toBe(true);
    for (const config of await Promise.all(later)) expect(config.timeout).toBe(before);
    // None of the writes given up on reached the server.
    expect(sim.state().nodes.A.config.timeout).toBe(before);
  });

  it('an abort while queued rejects at once with AbortedError, and the call is never sent', async () => {
    const sim = await simulator({ timeScale: 0.4 });
    const client = clientOf(sim, { keepAlive: false });
    const before = (await client.failover.config()).timeout;
    sim.faults.hangController('B');
    const slow = Array.from({ length: 20 }, () => client.failover.disabled.reasons());
    await until(() => client.stats().connection?.inFlight === 20, 'all 20 slots taken', 5000, 5);
    const abort = new AbortController();
    const write = settle(client.failover.update({ timeout: before + 1 }, { signal: abort.signal }));
    expect(client.stats().connection?.queued).toBe(1);
    abort.abort(new Error('operator changed their mind'));
    const error = ((await write) as { error: AbortedError }).error;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.sent).toBe(false);
    expect(client.stats().connection?.queued).toBe(0);
    sim.faults.unhangController('B');
    await Promise.all(slow);
    expect((await client.failover.config()).timeout).toBe(before);
  });
});
