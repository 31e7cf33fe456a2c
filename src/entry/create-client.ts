/**
 * `createClient`: the client core over the transport the options ask for, with the HA helpers
 * (`client.ha`) and the API versions of an entry. The main entry's `createClient` has every
 * version this package knows; an entry for one version calls `clientFactory` with just that one
 * (nothing here imports a version until `createClient` is first called), so that its bundle
 * carries one version's validators.
 */
import { TrueNasClient } from '../client/client.js';
import type { ClientOptions, RestClientOptions, RestClientOptionsByUrl } from '../client/options.js';
import { transportFor } from '../client/select-transport.js';
import type { ApiVersion, LatestApiVersion } from '../generated/index.js';
import type { PairAccess, SideClient } from '../ha/controllers.js';
import { attachHa } from '../ha/index.js';
import type { ApiRegistry } from '../types/api-registry.js';
import { allVersions } from './registry.js';
import type { LatestRestApiVersion, RestApiVersion } from './rest-versions.js';
import type { Client, RestClient } from './types.js';

/** A `createClient` for the API versions of `api` (the main entry passes them all). */
export function clientFactory(api: ApiRegistry): (options?: ClientOptions | RestClientOptions) => TrueNasClient {
  const create = (options: ClientOptions | RestClientOptions = {}): TrueNasClient => {
    const client = new TrueNasClient(options, api, transportFor(options as ClientOptions));
    const pair: PairAccess = {
      options: options as ClientOptions,
      open: (o) => new TrueNasClient(o, api, transportFor(o as ClientOptions)) as unknown as SideClient,
      hasRest: (version) => api.describe(version)?.rest === true,
    };
    // `client.ha`: the HA status helpers and workflows, over either transport (built on first use).
    attachHa(client as unknown as SideClient, pair);
    return client;
  };
  return create;
}

let create: ReturnType<typeof clientFactory> | undefined;

/**
 * Creates a client of the TrueNAS failover API over WebSocket, or over REST /api/v2.0 (TrueNAS
 * 25.04–25.10) with `transport: 'rest'` or http(s):// addresses. Nothing is sent until the first
 * call (or `connect()`). The surface is typed by `apiVersion` (default: the newest known; for
 * REST the newest with REST).
 *
 * ```ts
 * const client = createClient({ url: 'wss://nas.example', auth: { username: 'admin', apiKey } });
 * await client.failover.status(); // 'MASTER'
 * const rest = createClient({ url: 'https://nas.example', transport: 'rest', auth: { username: 'admin', apiKey } });
 * await rest.failover.config();
 * ```
 */
export function createClient<V extends RestApiVersion = LatestRestApiVersion>(
  options: RestClientOptions<V> | RestClientOptionsByUrl<V>,
): RestClient<V>;
export function createClient<V extends ApiVersion = LatestApiVersion>(options?: ClientOptions<V>): Client<V>;
export function createClient(options: ClientOptions = {}): unknown {
  create ??= clientFactory(allVersions);
  return create(options);
}
