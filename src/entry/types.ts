/**
 * The public client types: the core's surface (`BaseClient`), the HA helpers (`client.ha`) and the
 * generated namespaces of an API version, put together. The REST client is the same class, typed
 * without events and with the methods TrueNAS does not expose over REST marked `RestUnavailable`.
 */
import type { PollOptions } from '../client/poll.js';
import type { BaseClient, JobCall, LeanBaseClient } from '../client/types.js';
import type { ApiVersion, LatestApiVersion, NamespacesByVersion } from '../generated/index.js';
import type { HaHelpers } from '../ha/index.js';
import type { Job } from '../types/job.js';
import type { ArgsOf, CallName, RestUnavailableMethod, ResultOf } from '../types/method-map.js';
import type { RestUnavailable } from '../types/rest-unavailable.js';
import type { LatestRestApiVersion, RestApiVersion } from './rest-versions.js';

export interface ClientCore<V extends ApiVersion = LatestApiVersion> extends BaseClient<V> {
  /** HA status helpers (`snapshot`, `waitFor`) and the operators' workflows (`plannedFailover`, …). */
  readonly ha: HaHelpers;
}

/** A client of API version `V`: the generated namespaces (`client.failover.status()`, …) plus `ClientCore`. */
export type Client<V extends ApiVersion = LatestApiVersion> = ClientCore<V> & NamespacesByVersion<'websocket'>[V];

/** A method of a generated namespace, or a method a REST client marks as not callable: what is not a namespace. */
type Leaf = ((...args: never[]) => unknown) | RestUnavailable<string>;
type JobMethod = (...args: never[]) => Job<unknown>;

/** Generated namespaces `N` without their job methods: a lean client's, until `withJobs`. */
export type WithoutJobs<N> = {
  [K in keyof N as N[K] extends JobMethod ? never : K]: N[K] extends Leaf ? N[K] : WithoutJobs<N[K]>;
};

/** The job methods of generated namespaces `N` alone, each in its namespace. */
export type OnlyJobs<N> = {
  [K in keyof N as N[K] extends JobMethod
    ? K
    : N[K] extends Leaf
      ? never
      : [keyof OnlyJobs<N[K]>] extends [never]
        ? never
        : K]: N[K] extends Leaf ? N[K] : OnlyJobs<N[K]>;
};

/**
 * What `withJobs` (and `withHa`, `withUploads`) adds to a lean client of version `V`: the job
 * methods (`failover.upgrade()`, `failover.reboot.other_node()`, each returning a `Job`) and
 * `call` of them by wire name.
 */
export type JobMethods<V extends ApiVersion = LatestApiVersion, T extends 'websocket' | 'rest' = 'websocket'> = JobCall<V> &
  OnlyJobs<NamespacesByVersion<T>[V]>;

/**
 * A client of a one-version entry (`truenas-failover/v27.0.0`): the generated namespaces but the
 * job methods, plus calls, events and the connection's life; jobs, `ha` and `upload` come with
 * `withJobs`, `withHa` and `withUploads`.
 */
export type LeanClient<V extends ApiVersion = LatestApiVersion> = LeanBaseClient<V> & WithoutJobs<NamespacesByVersion<'websocket'>[V]>;

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

/**
 * A REST client of a one-version entry (25.x): `RestClient` without jobs, `ha` and `upload` until
 * `withJobs`, `withHa` and `withUploads` add them.
 */
export type LeanRestClient<V extends RestApiVersion = LatestRestApiVersion> = Omit<RestClientCore<V>, 'ha' | 'upload' | 'call'> &
  Pick<LeanBaseClient<V>, 'call'> &
  WithoutJobs<NamespacesByVersion<'rest'>[V]>;
