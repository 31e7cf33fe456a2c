import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src/index.js';
import { clientOf, simulator, until } from './helpers.js';

// client.subscribe delivers typed payloads; listeners of one event share one server subscription.
describe('event subscriptions', () => {
  it('delivers changes to every listener exactly once, and stops after unsubscribe', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const first: string[][] = [];
    const second: EventMessage[] = [];
    const a = await client.subscribe('failover.disabled.reasons', (fields) => first.push(fields.disabled_reasons));
    const b = await client.subscribe('failover.disabled.reasons', (_fields, message) => second.push(message));
    expect(a.active).toBe(true);

    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await until(() => first.length === 1 && second.length === 1, 'one event per listener');
    expect(first[0]).toContain('NO_FAILOVER');
    expect(second[0]).toMatchObject({ collection: 'failover.disabled.reasons', msg: 'changed', caughtUp: false });

    await a.unsubscribe();
    expect(a.active).toBe(false);
    await client.failover.update({ disabled: false });
    await client.failover.disabled.reasons();
    await until(() => second.length === 2, 'the remaining listener to hear the change');
    expect(first.length).toBe(1);
    expect(second[1]?.fields).toEqual({ disabled_reasons: [] });

    await b.unsubscribe();
    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await new Promise((r) => setTimeout(r, 200));
    expect(second.length).toBe(2);
  });

  it('subscribe resolves once the server subscription is active, connecting if needed', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const seen: string[] = [];
    const sub = await client.subscribe('failover.status', (fields) => seen.push(fields.status), { current: true });
    expect(client.state).toBe('ready');
    // `current: true` delivers the value at once, marked as caught up.
    expect(seen).toEqual(['MASTER']);
    await sub.unsubscribe();
  });

  it('an AbortSignal ends the subscription', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const controller = new AbortController();
    const seen: unknown[] = [];
    const sub = await client.subscribe('failover.disabled.reasons', (f) => seen.push(f), { signal: controller.signal });
    controller.abort();
    await until(() => !sub.active, 'the subscription to end');
    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([]);
  });
});
