import { describe, expectTypeOf, it } from 'vitest';
import type * as V2504 from '../../src/generated/v25_04_0/types.js';
import type * as V2510 from '../../src/generated/v25_10_2/types.js';
import { type Client, createClient, type Job, type RestClient } from '../../src/index.js';

// A REST client is typed from the schema like the WebSocket client, for the newest API version
// with REST unless pinned; methods TrueNAS does not expose over REST are not callable.
describe('REST client types', () => {
  it('comes from transport: rest, or from an http(s):// URL literal', () => {
    expectTypeOf(createClient({ url: 'https://nas.example', transport: 'rest' })).toEqualTypeOf<RestClient<'v25.10.5'>>();
    expectTypeOf(createClient({ url: 'http://127.0.0.1:8080' })).toEqualTypeOf<RestClient<'v25.10.5'>>();
    expectTypeOf(createClient({ url: 'wss://nas.example' })).toEqualTypeOf<Client<'v27.0.0'>>();
    expectTypeOf(createClient({ url: 'https://nas', transport: 'rest', apiVersion: 'v25.04.2' })).toEqualTypeOf<RestClient<'v25.04.2'>>();
  });

  it('keeps the generated signatures and marks REST-unavailable methods as not callable', () => {
    const rest = createClient({ url: 'https://nas.example', transport: 'rest' });
    expectTypeOf(rest.failover.config).returns.resolves.toEqualTypeOf<V2510.FailoverConfigResult>();
    expectTypeOf(rest.failover.reboot.other_node).returns.toEqualTypeOf<Job<V2510.FailoverRebootOtherNodeResult>>();
    expectTypeOf(rest.failover.status).not.toBeFunction();
    expectTypeOf(rest.failover.disabled.reasons).not.toBeFunction();
    // @ts-expect-error failover.status is not exposed over REST by 25.10
    void rest.failover.status();

    const old = createClient({ url: 'https://nas', transport: 'rest', apiVersion: 'v25.04.2' });
    expectTypeOf(old.failover.status).returns.resolves.toEqualTypeOf<V2504.FailoverStatusResult>();
    expectTypeOf(old.failover.disabled.reasons).not.toBeFunction();
  });

  it('types poll() by method, and marks subscribe/events as unavailable', () => {
    const rest = createClient({ url: 'https://nas.example', transport: 'rest' });
    expectTypeOf(rest.poll('failover.config')).toEqualTypeOf<AsyncIterableIterator<V2510.FailoverConfigResult>>();
    expectTypeOf(rest.subscribe('failover.status')).toEqualTypeOf<Promise<never>>();
    expectTypeOf(rest.transport).toEqualTypeOf<'rest'>();
  });
});
