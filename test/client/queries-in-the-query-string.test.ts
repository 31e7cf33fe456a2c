import { describe, expect, it } from 'vitest';
import { NotSupportedByTransportError } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth } from './helpers.js';

// A query method over REST carries its filters and options in the query string; what a query
// string cannot carry is refused before sending, naming the query and the WebSocket way.
describe('core.get_jobs over REST', () => {
  it('filters and pages like the WebSocket client does', async () => {
    const sim = await simulatorForBoth();
    const rest = clientOver('rest', sim);
    const ws = clientOver('websocket', sim);
    const first = rest.failover.reboot.other_node({ reason: 'one', graceful: true });
    await first;
    const second = rest.failover.reboot.other_node({ reason: 'two', graceful: true });
    await second;
    const queries: [unknown[], Record<string, unknown>][] = [
      [[['id', '=', first.id]], {}],
      [[['id', '>', first.id]], {}],
      [[['method', '=', 'failover.reboot.other_node']], { limit: 1, offset: 1 }],
      [
        [
          ['state', '!=', 'FAILED'],
          ['progress.percent', '>=', 100],
        ],
        {},
      ],
      [[['method', '^', 'failover.']], { count: true }],
    ];
    for (const [filters, options] of queries) {
      const viaRest = await rest.core.get_jobs(filters as never, options);
      expect(viaRest, JSON.stringify([filters, options])).toEqual(await ws.core.get_jobs(filters as never, options));
    }
    expect(await rest.core.get_jobs([['method', '^', 'failover.']], { count: true })).toBe(2);
  });

  it('refuses queries a query string cannot carry, before sending', async () => {
    const sim = await simulatorForBoth();
    const rest = clientOver('rest', sim);
    for (const [filters, options, what] of [
      [[['id', '=', 1]], { get: true }, /option get/],
      [[], { order_by: ['-id'] }, /option order_by/],
      [
        [
          [
            'OR',
            [
              ['id', '=', 1],
              ['id', '=', 2],
            ],
          ],
        ],
        {},
        /filter/,
      ],
      [[['method', 'in', ['a', 'b']]], {}, /filter value/],
      [[['description', '=', '42']], {}, /filter value "42"/],
    ] as const) {
      const error = await failure(rest.core.get_jobs(filters as never, options as never));
      expect(error, JSON.stringify(filters)).toBeInstanceOf(NotSupportedByTransportError);
      expect((error as Error).message).toMatch(what);
      expect((error as Error).message).toMatch(/WebSocket/);
    }
  });
});
