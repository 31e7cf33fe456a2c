/**
 * Listeners of an event share one server subscription, and the last one to leave ends it on the
 * server (`core.unsubscribe`): nothing stays subscribed for nobody. The simulator's
 * `endSubscriptions` fault counts the subscriptions the server holds. Over real sockets.
 */
import { describe, expect, it } from 'vitest';
import { clientOf, memoryLogger, simulator, until } from './helpers.js';

describe('unsubscribing', () => {
  it('the last listener to leave ends the server subscription; the hub forgets the event', async () => {
    const sim = await simulator();
    const log = memoryLogger();
    const client = clientOf(sim, { logger: log.logger });
    const listeners = await Promise.all(Array.from({ length: 5 }, () => client.subscribe('failover.status', () => {})));
    expect(client.stats().events).toMatchObject({ events: 1, listeners: 5, serverSubscriptions: 1 });
    // One server subscription for five listeners: ending it on the server finds exactly one.
    expect(sim.faults.endSubscriptions('failover.status')).toBe(1);
    await until(() => log.lines.some((l) => l.includes('the server ended the subscription to failover.status')), 'the client to notice');
    await until(() => client.stats().events.serverSubscriptions === 1 && client.stats().events.retryTimers === 0, 'the re-subscription');

    for (const s of listeners.slice(0, 4)) await s.unsubscribe();
    expect(client.stats().events).toMatchObject({ events: 1, listeners: 1, serverSubscriptions: 1 });
    await listeners[4]!.unsubscribe();
    expect(client.stats().events).toEqual({ events: 0, listeners: 0, serverSubscriptions: 0, waiting: 0, retryTimers: 0 });
    // Nothing is left subscribed on the server.
    expect(sim.faults.endSubscriptions('failover.status')).toBe(0);

    // The same through iterators and signals.
    const stop = new AbortController();
    const iterator = client.events('failover.status', { signal: stop.signal });
    const next = iterator.next();
    await until(() => client.stats().events.serverSubscriptions === 1, 'the iterator’s subscription');
    stop.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    await until(() => client.stats().events.events === 0, 'the iterator to unsubscribe');
    // `core.unsubscribe` went out first (calls of the client itself go ahead); a ping answered after it.
    expect(await client.call('core.ping')).toBe('pong');
    expect(sim.faults.endSubscriptions('failover.status')).toBe(0);
  });
});
