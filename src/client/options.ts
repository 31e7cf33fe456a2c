/** Options of `createClient`, and their defaults. */
import type { AuthOptions } from '../auth/credentials.js';
import type { ApiVersion } from '../generated/index.js';
import type { TlsOptions, WebSocketConstructor } from '../transport/websocket-like.js';
import type { BackoffOptions } from '../util/backoff.js';
import type { Logger } from '../util/logger.js';

/** Controller addresses of an HA pair: the VIP (preferred) and/or each controller. */
export interface ControllerUrls {
  /** The virtual IP that follows the active controller. */
  vip?: string;
  /** Controller A's own address. */
  a?: string;
  /** Controller B's own address. */
  b?: string;
}

export interface ReconnectOptions extends BackoffOptions {
  /** Give up after this many failed attempts in a row (calls waiting then reject). Default: never. */
  maxAttempts?: number;
}

export interface ClientOptions<V extends ApiVersion = ApiVersion> {
  /**
   * Address of the TrueNAS system: `wss://nas.example`, `ws://127.0.0.1:8080`, or a full endpoint
   * such as `wss://nas/api/v25.10.0`. Defaults to the TRUENAS_URL environment variable.
   */
  url?: string;
  /** Several addresses (VIP preferred, then A, then B; or a list in order of preference). */
  urls?: ControllerUrls | readonly string[];
  /**
   * Credentials. Undefined: taken from TRUENAS_API_KEY / TRUENAS_API_KEY_FILE / TRUENAS_PASSWORD with
   * TRUENAS_USERNAME. `null`: no login (only methods that need none work).
   */
  auth?: AuthOptions | null;
  /** API version to speak (and type the client with). Default: the newest version both sides know, from `GET /api/versions`. */
  apiVersion?: V;
  /** Default per-call timeout in ms, including time spent waiting for a (re)connection. Default 60 000. */
  timeout?: number;
  /** Time allowed for one connection attempt (handshake, login, identification) in ms. Default 15 000. */
  connectTimeout?: number;
  /** TLS options for Node (trust a self-signed TrueNAS certificate's CA, client certificates). */
  tls?: TlsOptions;
  /**
   * Allow sending an API key, password or token over unencrypted ws:// to a host that is not
   * loopback. TrueNAS revokes an API key used that way (`API_KEY_PLAIN`). Default false.
   */
  allowInsecure?: boolean;
  /** Validate arguments before sending (`args`, default), also results and events (`all`), or nothing (`off`). */
  validate?: 'args' | 'all' | 'off';
  /** Receives debug/info/warn/error lines, all redacted. Default: silent. */
  logger?: Logger;
  /** WebSocket implementation. Default: the global one in browsers, `ws` in Node. */
  WebSocket?: WebSocketConstructor;
  /** Calls kept waiting locally (beyond the 20 on the wire) before `QueueFullError`. Default 10 000. */
  maxQueue?: number;
  /** Calls on the wire at once per connection; TrueNAS allows 20. Default 20. */
  maxInFlight?: number;
  /** Liveness check of a quiet connection with `core.ping`; false to disable. Default `{ interval: 30_000, timeout: 10_000 }`. */
  keepAlive?: { interval?: number; timeout?: number } | false;
  /** Reconnect pacing; false to never reconnect by itself. Default: exponential from 200 ms to 10 s with jitter. */
  reconnect?: ReconnectOptions | false;
  /**
   * With several addresses, how long to keep looking for the `MASTER` before settling for a
   * standby, in ms. Default 30 000.
   */
  masterWait?: number;
  /**
   * Pacing of unauthenticated calls (logins), per method: at most `limit` in any `windowMs`.
   * TrueNAS answers EBUSY beyond 20 a minute; the default keeps a margin. Default `{ limit: 18, windowMs: 60_000 }`.
   */
  rateLimit?: { limit: number; windowMs: number };
  /** Read TRUENAS_* environment variables for missing `url` and `auth`. Default true. */
  env?: boolean;
  /**
   * `websocket` (JSON-RPC, every TrueNAS version) or `rest` (REST /api/v2.0, TrueNAS 25.04–25.10;
   * see docs/rest.md). Default: from the addresses' scheme, http(s):// → REST, ws(s):// → WebSocket.
   */
  transport?: 'websocket' | 'rest';
}

export const DEFAULTS = {
  timeout: 60_000,
  connectTimeout: 15_000,
  maxQueue: 10_000,
  maxInFlight: 20,
  keepAlive: { interval: 30_000, timeout: 10_000 },
  masterWait: 30_000,
  rateLimit: { limit: 18, windowMs: 60_000 },
} as const;
