import { describe, expect, it } from 'vitest';
import { clientOf, simulator, until } from './helpers.js';

// for await (const ev of client.events(name, { signal })): the iterator form of a subscription.
describe('event async iterator', () => {
  it('yields events and ends when the loop breaks', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const iterator = client.events('failover.disabled.reasons');
    const collected: string[][] = [];
    const loop = (async () => {
      for await (const event of iterator) {
        collected.push(event.fields?.disabled_reasons ?? []);
        if (collected.length === 2) break;
      }
    })();
    // The subscription starts with the first next(); wait until the server has it (not a fixed
    // sleep: on a busy machine it can take longer, and the change below would then come first).
    await until(() => client.stats().events.serverSubscriptions === 1, 'the subscription');
    await client.failover.update({ disabled: true });
    await client.failover.disabled.reasons();
    await client.failover.update({ disabled: false });
    await client.failover.disabled.reasons();
    await loop;
    expect(collected[0]).toContain('NO_FAILOVER');
    expect(collected[1]).toEqual([]);
  });

  it('ends when its signal aborts', async () => {
    const sim = await simulator();
    const client = clientOf(sim);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    let count = 0;
    for await (const _ of client.events('failover.status', { signal: controller.signal })) count++;
    expect(count).toBe(0);
  });
});
