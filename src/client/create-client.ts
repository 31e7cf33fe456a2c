import type { ApiVersion, LatestApiVersion } from '../generated/index.js';
import { TrueNasClient } from './client.js';
import type { ClientOptions } from './options.js';
import type { Client } from './types.js';

/**
 * Creates a client of the TrueNAS failover API over WebSocket. Nothing is sent until the first
 * call (or `connect()`). The surface is typed by `apiVersion` (default: the newest known).
 *
 * ```ts
 * const client = createClient({ url: 'wss://nas.example', auth: { username: 'admin', apiKey } });
 * await client.failover.status(); // 'MASTER'
 * ```
 */
export function createClient<V extends ApiVersion = LatestApiVersion>(options: ClientOptions<V> = {}): Client<V> {
  return new TrueNasClient(options) as unknown as Client<V>;
}
