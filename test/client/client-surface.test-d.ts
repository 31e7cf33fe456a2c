/** The typed client surface: namespaces, call(), jobs and events follow the method map per version. */
import { describe, expectTypeOf, test } from 'vitest';
import { type Client, createClient, type EventMessage, type Job, type Subscription } from '../../src/index.js';

declare const latest: Client;
declare const v2504: Client<'v25.04.0'>;

describe('client surface', () => {
  test('createClient types the client by apiVersion (latest by default)', () => {
    expectTypeOf(createClient({ url: 'wss://nas' })).toEqualTypeOf<Client<'v27.0.0'>>();
    expectTypeOf(createClient({ url: 'wss://nas', apiVersion: 'v25.10.0' })).toEqualTypeOf<Client<'v25.10.0'>>();
  });

  test('namespaces mirror the wire names with typed arguments and results', () => {
    expectTypeOf(latest.failover.status()).toEqualTypeOf<
      Promise<'MASTER' | 'BACKUP' | 'SINGLE' | 'ELECTING' | 'IMPORTING' | 'ERROR' | 'UNKNOWN' | (string & {})>
    >();
    expectTypeOf(latest.failover.disabled.reasons).returns.resolves.toBeArray();
    expectTypeOf(latest.failover.update).parameter(0).toMatchTypeOf<{ disabled?: boolean; master?: boolean; timeout?: number }>();
    expectTypeOf(latest.failover.become_passive()).toEqualTypeOf<Promise<null>>();
    expectTypeOf(latest.failover.reboot.other_node()).toEqualTypeOf<Job<null>>();
    expectTypeOf(latest.failover.upgrade()).toEqualTypeOf<Job<boolean>>();
    // Call options come last.
    latest.failover.config({ timeout: 5000, signal: AbortSignal.timeout(1) });
    latest.failover.sync_to_peer(undefined, { timeout: 1000 });
  });

  test('wrong arguments fail to compile', () => {
    // @ts-expect-error timeout is an integer, not a string
    latest.failover.update({ timeout: 'soon' });
    // @ts-expect-error update needs its data argument
    latest.failover.update();
    // @ts-expect-error no such field
    latest.failover.update({ colour: 'red' });
    // @ts-expect-error 25.04 reboot.other_node takes no options
    v2504.failover.reboot.other_node({ reason: 'x', graceful: true });
    // @ts-expect-error hardware exists only on 25.04
    latest.failover.hardware();
    expectTypeOf(v2504.failover.hardware()).resolves.toBeString();
  });

  test('call() is the typed generic form', () => {
    expectTypeOf(latest.call('failover.update', [{ timeout: 5 }])).resolves.toMatchTypeOf<{ timeout: number }>();
    expectTypeOf(latest.call('failover.upgrade', [{}])).toEqualTypeOf<Job<boolean>>();
    expectTypeOf(latest.call('failover.status')).resolves.toBeString();
    // @ts-expect-error the arguments must match
    latest.call('failover.update', [{ timeout: 'x' }]);
    // Methods the map does not know are callable untyped.
    expectTypeOf(latest.call('system.info')).toEqualTypeOf<Promise<unknown>>();
  });

  test('subscriptions are typed by event', async () => {
    const sub = await latest.subscribe('failover.status', (fields, message) => {
      expectTypeOf(fields.status).toBeString();
      expectTypeOf(message).toMatchTypeOf<EventMessage<{ status: string }>>();
    });
    expectTypeOf(sub).toEqualTypeOf<Subscription>();
    for await (const event of latest.events('failover.disabled.reasons'))
      expectTypeOf(event.fields).toMatchTypeOf<{ disabled_reasons: string[] } | undefined>();
  });
});
