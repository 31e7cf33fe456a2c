/** Public types of the REST client (`createClient({ url: 'https://…', transport: 'rest' })`). */
import type { ClientOptions } from '../../client/options.js';
import type { ClientCore } from '../../client/types.js';
import type { NamespacesByVersion } from '../../generated/index.js';
import type { ArgsOf, CallName, RestUnavailableMethod, ResultOf } from '../../types/method-map.js';
import type { JobPollingOptions } from './job-poller.js';
import type { PollOptions } from './poll.js';
import type { LatestRestApiVersion, RestApiVersion } from './versions.js';

/** Options of a REST client: those of `createClient`, plus the pacing of job polls. */
export type RestClientOptions<V extends RestApiVersion = RestApiVersion> = Omit<ClientOptions<V>, 'transport'> & {
  /** `rest`: REST /api/v2.0 (TrueNAS 25.04–25.10). Also chosen when every address is http:// or https://. */
  transport: 'rest';
  /** How fast jobs are polled: first at once, then from `initialDelay` (100 ms) up to `maxDelay` (2 s). */
  jobPolling?: JobPollingOptions;
};

/** An `http://` or `https://` address: with it, `createClient` picks REST by itself. */
export type HttpUrl = `http://${string}` | `https://${string}`;

/** REST client options where the transport follows from an http(s):// `url`. */
export type RestClientOptionsByUrl<V extends RestApiVersion = RestApiVersion> = Omit<RestClientOptions<V>, 'transport' | 'url'> & {
  transport?: undefined;
  url: HttpUrl;
};

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
