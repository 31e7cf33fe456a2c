/**
 * The main entry's `createClient`: the client core over the transport the options ask for, with
 * the HA helpers (`client.ha`) and every API version this package knows (the registry is built on
 * the first call). An entry for one version uses `clientFactory` with that version alone
 * (src/entry/one-version.ts).
 */
import type { ClientOptions, RestClientOptions, RestClientOptionsByUrl } from '../client/options.js';
import type { ApiVersion, LatestApiVersion } from '../generated/index.js';
import { clientFactory } from './client-factory.js';
import { WEBSOCKET_AND_REST } from './drivers.js';
import { ALL_FEATURES } from './features.js';
import { allVersions } from './registry.js';
import type { LatestRestApiVersion, RestApiVersion } from './rest-versions.js';
import type { Client, RestClient } from './types.js';

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
  create ??= clientFactory(allVersions, WEBSOCKET_AND_REST, ALL_FEATURES);
  return create(options);
}
