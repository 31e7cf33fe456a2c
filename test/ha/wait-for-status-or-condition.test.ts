import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionClosedError, HaWaitTimeoutError, NotAvailableOverRestError, TimeoutError } from '../../src/index.js';
import { master, pairClient, restClient, settle, simulator, until } from './helpers.js';

describe('client.ha.waitFor()', () => {
  it('resolves at once when the status already holds', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const s = await client.ha.waitFor('MASTER', { timeout: 5000 });
    expect(s.status).toBe('MASTER');
    expect(s.node).toBe('A');
  });

  it('follows the pair through a failover: resolves when the other node answers as MASTER', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.connect();
    const observations: string[] = [];
    // A long polling interval: what answers first is the reconnect and the events.
    const waiting = client.ha.waitFor((s) => s.node === 'B' && s.status === 'MASTER', {
      timeout: 20_000,
      interval: 10_000,
      onObservation: (text) => observations.push(text),
    });
    await until(() => observations.length > 0, 'the first observation');
    expect(observations[0]).toMatch(/^node A is MASTER/);
    sim.faults.killController('A');
    const s = await waiting;
    expect(s).toMatchObject({ node: 'B', status: 'MASTER' });
    expect(master(sim)).toBe('B');
  });

  it('is driven by events: a disabled reason pushed by the server ends the wait long before the next poll', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.connect();
    const started = Date.now();
    const observations: string[] = [];
    const waiting = client.ha.waitFor((s) => s.disabledReasons?.includes('NO_PONG') === true, {
      timeout: 30_000,
      interval: 25_000,
      onObservation: (text) => observations.push(text),
    });
    // The wait has read the pair once (and listens) before the heartbeat goes.
    await until(() => observations.length > 0, 'the first observation');
    sim.faults.cutHeartbeat();
    const s = await waiting;
    expect(s.disabledReasons).toContain('NO_PONG');
    // Generous: only proves it did not wait for the 25 s poll.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('gives up with HaWaitTimeoutError naming what it waited for and what it saw last', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    // Connected first, and the timeout long enough for a read on a busy machine: the last
    // observation must be a real one, not 'nothing read yet'.
    await client.connect();
    const result = await settle(client.ha.waitFor('BACKUP', { timeout: 2000, interval: 50 }));
    expect(result.ok).toBe(false);
    const error = (result as { error: unknown }).error;
    expect(error).toBeInstanceOf(HaWaitTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ what: 'failover.status to be BACKUP', timeout: 2000 });
    expect((error as HaWaitTimeoutError).lastObservation).toMatch(/node A is MASTER/);
  });

  it('gives up with what it saw before, not the read its own deadline cut off', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.connect();
    const observations: string[] = [];
    const waiting = settle(client.ha.waitFor('BACKUP', { timeout: 1500, interval: 50, onObservation: (text) => observations.push(text) }));
    await until(() => observations.length > 0, 'the first observation');
    // The controller stops answering: the read in flight gets no answer until the wait's time is up.
    sim.faults.hangController('A');
    const result = await waiting;
    sim.faults.unhangController('A');
    const error = (result as { error: unknown }).error;
    expect(error).toBeInstanceOf(HaWaitTimeoutError);
    expect((error as HaWaitTimeoutError).lastObservation).toMatch(/^node A is MASTER/);
    expect(observations.filter((o) => o.startsWith('no answer'))).toEqual([]);
  });

  it('stops on its signal with AbortedError, and changes nothing', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    const controller = new AbortController();
    const waiting = client.ha.waitFor('BACKUP', { timeout: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator stopped')), 100);
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(master(sim)).toBe('A');
    const already = new AbortController();
    already.abort();
    await expect(client.ha.waitFor('MASTER', { signal: already.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('ends with ConnectionClosedError as soon as its client is closed, not at its timeout', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await client.connect();
    const waiting = settle(client.ha.waitFor('BACKUP', { timeout: 60_000, interval: 50 }));
    await client.close();
    const started = performance.now();
    const outcome = (await waiting) as { error: unknown };
    expect(outcome.error).toBeInstanceOf(ConnectionClosedError);
    // Well inside its 60 s timeout: the next read (every 50 ms) finds the client closed.
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(client.ha.waitFor('MASTER', { timeout: 60_000 })).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('refuses a target or timeout it cannot use with a TypeError', async () => {
    const sim = await simulator();
    const client = pairClient(sim);
    await expect(client.ha.waitFor(42 as never)).rejects.toThrow(/target must be a status string/);
    await expect(client.ha.waitFor('MASTER', { timeout: -1 })).rejects.toThrow(/options\.timeout must be a positive number/);
  });

  it('over REST polls: a condition on the node is met after a failover; a status target names the missing method', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const client = restClient(sim);
    await client.connect();
    sim.faults.killController('A');
    const s = await client.ha.waitFor((x) => x.node === 'B', { timeout: 20_000, interval: 100 });
    expect(s.node).toBe('B');
    await expect(client.ha.waitFor('MASTER', { timeout: 5_000 })).rejects.toBeInstanceOf(NotAvailableOverRestError);
  });
});
