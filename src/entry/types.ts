/**
 * The public client types: the core's surface (`BaseClient`), the HA helpers (`client.ha`) and the
 * generated namespaces of an API version, put together. The REST client is the same class, typed
 * without events and with the methods TrueNAS does not expose over REST marked `RestUnavailable`.
 */
import type { PollOptions } from '../client/poll.js';
import type { BaseClient, LeanBaseClient } from '../client/types.js';
import type { ApiVersion, LatestApiVersion, NamespacesByVersion } from '../generated/index.js';
import type { HaHelpers } from '../ha/index.js';
import type { ArgsOf, CallName, RestUnavailableMethod, ResultOf } from '../types/method-map.js';
import type { LatestRestApiVersion, RestApiVersion } from './rest-versions.js';

export interface ClientCore<V extends ApiVersion = LatestApiVersion> extends BaseClient<V> {
  /** HA status helpers (`snapshot`, `waitFor`) and the operators' workflows (`plannedFailover`, …). */
  readonly ha: HaHelpers;
}

/** A client of API version `V`: the generated namespaces (`client.failover.status()`, …) plus `ClientCore`. */
export type Client<V extends ApiVersion = LatestApiVersion> = ClientCore<V> & NamespacesByVersion<'websocket'>[V];

/**
 * A client of a one-version entry (`truenas-failover/v27.0.0`): the generated namespaces plus
 * calls, jobs, events and the connection's life, without `ha` and `upload` until `withHa` and
 * `withUploads` add them.
 */
export type LeanClient<V extends ApiVersion = LatestApiVersion> = LeanBaseClient<V> & NamespacesByVersion<'websocket'>[V];

/** Plain methods of version `V` that TrueNAS exposes over REST (what `poll` accepts). */
export type RestCallName<V extends RestApiVersion = LatestRestApiVersion> = Exclude<CallName<V>, RestUnavailableMethod<V>>;

export interface RestClientCore<V extends RestApiVersion = LatestRestApiVersion> extends Omit<ClientCore<V>, 'subscribe' | 'events'> {
  /** Always `rest`. */
  readonly transport: 'rest';
  /**
   * @deprecated Events are not available over REST: this rejects with `NotSupportedByTransportError`.
   * Use `poll()` (or a WebSocket client, `wss://`).
   */
  subscribe(event: string, listener?: unknown, options?: unknown): Promise<never>;
  /**
   * @deprecated Events are not available over REST: this throws `NotSupportedByTransportError`.
   * Use `poll()` (or a WebSocket client, `wss://`).
   */
  events(event: string, options?: unknown): never;
  /**
   * Calls `method` every `interval` ms (default 5 000) and yields its result when it changed, until
   * `signal` aborts or the loop breaks: REST's stand-in for events.
   *
   * ```ts
   * for await (const config of client.poll('failover.config', { interval: 2000, signal })) console.log(config.disabled);
   * ```
   */
  poll<M extends RestCallName<V>>(method: M, options?: PollOptions<ArgsOf<M, V>>): AsyncIterableIterator<ResultOf<M, V>>;
  poll(method: string, options?: PollOptions): AsyncIterableIterator<unknown>;
}

/**
 * A REST client of API version `V` (25.04–25.10): the same namespaces as the WebSocket client,
 * with methods TrueNAS does not expose over REST typed as not callable (`RestUnavailable`).
 */
export type RestClient<V extends RestApiVersion = LatestRestApiVersion> = RestClientCore<V> & NamespacesByVersion<'rest'>[V];

/** A REST client of a one-version entry (25.x): `RestClient` without `ha` and `upload` until `withHa` and `withUploads` add them. */
export type LeanRestClient<V extends RestApiVersion = LatestRestApiVersion> = Omit<RestClientCore<V>, 'ha' | 'upload'> &
  NamespacesByVersion<'rest'>[V];
