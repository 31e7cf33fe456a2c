import type { ApiVersion, LatestApiVersion } from '../generated/index.js';
import { RestClient as RestClientImpl } from '../transport/rest/rest-client.js';
import { wantsRest } from '../transport/rest/select.js';
import type { RestClient, RestClientOptions, RestClientOptionsByUrl } from '../transport/rest/types.js';
import type { LatestRestApiVersion, RestApiVersion } from '../transport/rest/versions.js';
import { TrueNasClient } from './client.js';
import { attachHa } from './ha/index.js';
import type { ClientOptions } from './options.js';
import type { Client } from './types.js';

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
  // REST lives in its own client (src/transport/rest/); the WebSocket client is untouched by it.
  const client = wantsRest(options) ? new RestClientImpl(options as RestClientOptions) : new TrueNasClient(options);
  // `client.ha`: the HA status helpers and workflows, over either transport (built on first use).
  attachHa(client, options);
  return client;
}
