/**
 * The server ending a subscription (`notify_unsubscribed`, e.g. a failed event source): the client
 * notices, tells the listeners the server's error (`SubscriptionEndedError` to `onError`),
 * subscribes again by itself, and later events reach the same listeners and iterators. Against the
 * simulator's `endSubscriptions` fault, over real sockets.
 */
import { describe, expect, it } from 'vitest';
import { type EventMessage, SubscriptionEndedError } from '../../src/index.js';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

type Reasons = { disabled_reasons: string[] };

describe('the server ends a subscription', () => {
  it('listeners learn the error; the client subscribes again and keeps delivering to the same listeners', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.2' });
    const log = memoryLogger();
    const client = clientOf(sim, { logger: log.logger });
    const noticed = () => log.lines.filter((l) => l.includes('the server ended the subscription to failover.disabled.reasons')).length;
    const resubscribed = () => client.stats().events.serverSubscriptions === 1 && client.stats().events.retryTimers === 0;
    const first: EventMessage<Reasons>[] = [];
    const second: EventMessage<Reasons>[] = [];
    const errors: unknown[] = [];
    await client.subscribe('failover.disabled.reasons', (_f, m) => first.push(m), { onError: (e) => errors.push(e) });
    await client.subscribe('failover.disabled.reasons', (_f, m) => second.push(m));
    const iterated: EventMessage<Reasons>[] = [];
    const stop = new AbortController();
    const loop = (async () => {
      for await (const m of client.events('failover.disabled.reasons', { signal: stop.signal })) iterated.push(m);
    })();
    await until(() => client.stats().events.serverSubscriptions === 1 && client.stats().events.listeners === 3, 'the subscriptions');

    // Three listeners, one server subscription.
    expect(sim.faults.endSubscriptions('failover.disabled.reasons', { errno: 14, reason: 'Event source failed' })).toBe(1);
    await until(() => errors.length === 1, 'the error to reach onError');
    const error = errors[0] as SubscriptionEndedError;
    expect(error).toBeInstanceOf(SubscriptionEndedError);
    expect(error).toMatchObject({
      event: 'failover.disabled.reasons',
      errno: 14,
      errname: 'EFAULT',
      reason: '[EFAULT] Event source failed',
    });
    expect(error.message).toMatch(/subscribes again/);
    expect(noticed()).toBe(1);
    await until(resubscribed, 'the subscription to be made again');

    sim.faults.cutHeartbeat();
    const pushed = (list: EventMessage<Reasons>[]) => list.some((m) => !m.caughtUp && m.fields?.disabled_reasons.includes('NO_PONG'));
    await until(() => pushed(first) && pushed(second) && pushed(iterated), 'the next change on every listener');

    // Without an error the listeners hear nothing, and delivery goes on all the same.
    expect(sim.faults.endSubscriptions('failover.disabled.reasons')).toBe(1);
    await until(() => noticed() === 2, 'the client to notice');
    await until(resubscribed, 'the subscription to be made again');
    sim.faults.restoreHeartbeat();
    const cleared = (list: EventMessage<Reasons>[]) => list.some((m) => !m.caughtUp && !m.fields?.disabled_reasons.includes('NO_PONG'));
    await until(() => cleared(first) && cleared(second) && cleared(iterated), 'the change back on every listener');
    expect(errors).toHaveLength(1);
    stop.abort();
    await loop;
  });

  it('a job awaited while the server ends core.get_jobs still reaches its result', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const job = client.failover.upgrade();
    await until(() => job.state === 'RUNNING', 'the job to run', 20_000);
    expect(sim.faults.endSubscriptions('core.get_jobs', { reason: 'job feed restarted' })).toBe(1);
    expect(await job).toBe(true);
    expect(client.stats().jobs.tracked).toBe(0);
  });
});
