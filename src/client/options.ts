/** Options of `createClient`, their defaults, and their checking (a TypeError naming the field). */
import { type AuthOptions, type Credentials, normaliseAuth } from '../auth/credentials.js';
import type { ApiVersion } from '../generated/index.js';
import type { JobPollingOptions } from '../jobs/job-feeds.js';
import type { TlsOptions } from '../transport/tls.js';
import type { WebSocketConstructor } from '../transport/websocket/websocket-like.js';
import type { ApiRegistry } from '../types/api-registry.js';
import type { BackoffOptions } from '../util/backoff.js';
import type { Logger } from '../util/logger.js';
import { type Candidate, candidatesFrom } from './addresses.js';
import { type CallHooks, type RetryOptions, type RetryPolicy, resolveHooks, resolveRetry } from './hooks.js';
import { fixedVersion } from './version.js';

/** Controller addresses of an HA pair: the VIP (preferred) and/or each controller. */
export interface ControllerUrls {
  /** The virtual IP that follows the active controller. */
  vip?: string;
  /** Controller A's own address. */
  a?: string;
  /** Controller B's own address. */
  b?: string;
}

/** The short retry cadence right after a working connection drops (see `ReconnectOptions.afterDrop`). */
export interface AfterDropOptions {
  /** How long after the drop the short cadence lasts, in ms. Default 60 000 (a TrueNAS promotion takes tens of seconds). */
  window?: number;
  /** Time between attempts in that window, in ms, jittered down to half of it. Default 50. */
  interval?: number;
}

export interface ReconnectOptions extends BackoffOptions {
  /** Give up after this many failed attempts in a row (calls waiting then reject). Default: never. */
  maxAttempts?: number;
  /**
   * After a connection that worked drops (a failover is likely), attempts follow each other every
   * `interval` ms (jittered) for `window` ms, so that the client is back on the new MASTER within
   * tens of milliseconds of it serving; then the exponential back-off takes over. The short
   * cadence holds only while attempts fail before a login (refused, reset, unreachable: they cost
   * the server nothing and count against no rate limit); a round that spent a login (a standby's
   * REDIRECT, a login that failed) falls back to the back-off at once. One attempt at a time.
   * `false` turns it off. Default `{ window: 60_000, interval: 50 }`.
   */
  afterDrop?: AfterDropOptions | false;
}

/** `reconnect` checked, with the defaults of `afterDrop` filled in. */
export type ResolvedReconnect = Omit<ReconnectOptions, 'afterDrop'> & { afterDrop: Required<AfterDropOptions> | false };

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
  /**
   * Time allowed for one connection attempt (handshake, login, identification) in ms. Default 10 000.
   * Before any connection has worked with a single address, a silent host fails the calls after it
   * (a refused or unresolvable address at once); afterwards, and with several addresses, the client
   * keeps trying until each call's `timeout`.
   */
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
  /**
   * Largest message accepted from the server, in bytes. A larger WebSocket message closes the
   * connection (the calls on it fail with `IncomingMessageTooLargeError`; the client reconnects);
   * a larger REST answer fails its call. Default 16 MiB (TrueNAS's failover answers are far smaller).
   */
  maxIncomingMessage?: number;
  /** Calls on the wire at once per connection; TrueNAS allows 20. Default 20. */
  maxInFlight?: number;
  /** Liveness check of a quiet connection with `core.ping`; false to disable. Default `{ interval: 30_000, timeout: 10_000 }`. */
  keepAlive?: { interval?: number; timeout?: number } | false;
  /**
   * Reconnect pacing; false to never reconnect by itself. Default: every 50 ms (jittered) for the
   * first minute after a working connection drops while nothing answers (`afterDrop`), otherwise
   * exponential from 200 ms to 10 s with jitter.
   */
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
  /**
   * Per-request hooks for logging and metrics: `beforeSend` (each request), `afterAnswer` (the call
   * succeeded), `onError` (an attempt failed and is retried, or the call failed). The client's own
   * calls (login, subscriptions, job tracking) are not reported. See docs/client.md.
   */
  hooks?: CallHooks;
  /**
   * Retry policy for reads the server refused for a passing reason (default: `EBUSY`, `EAGAIN`,
   * `ETIMEDOUT`), with back-off. Writes are never retried. Default `{ maxAttempts: 1 }` (no retry).
   */
  retry?: RetryOptions;
}

export const DEFAULTS = {
  timeout: 60_000,
  connectTimeout: 10_000,
  maxQueue: 10_000,
  maxIncomingMessage: 16 * 1024 * 1024,
  maxInFlight: 20,
  keepAlive: { interval: 30_000, timeout: 10_000 },
  masterWait: 30_000,
  rateLimit: { limit: 18, windowMs: 60_000 },
  afterDrop: { window: 60_000, interval: 50 },
} as const;

/** An API version that has REST /api/v2.0 (TrueNAS 26 removed REST). */
export type RestApiVersion = Extract<ApiVersion, `v25.${string}`>;

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

/** The options every client needs, checked, with their defaults. */
export interface ResolvedOptions {
  candidates: Candidate[];
  /** The version fixed by `apiVersion` or the URL path; undefined until discovered. */
  version: string | undefined;
  /** `loaded: false` means: read the environment at the first connection. */
  credentials: { value: Credentials | undefined; loaded: boolean };
  timeout: number;
  connectTimeout: number;
  handshakeTimeout: number;
  masterWait: number;
  validate: 'args' | 'all' | 'off';
  allowInsecure: boolean;
  maxQueue: number;
  maxIncomingMessage: number;
  reconnect: ResolvedReconnect | false;
  jobPolling: Required<JobPollingOptions>;
  hooks: CallHooks | undefined;
  retry: RetryPolicy;
}

export function positive(value: unknown, fallback: number, field: string, unit = 'milliseconds'): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0)
    throw new TypeError(`createClient: ${field} must be a positive number of ${unit}`);
  return value;
}

/** Checks `reconnect` (a TypeError naming the field) and fills in `afterDrop`. */
function resolveReconnect(value: ReconnectOptions | false | undefined): ResolvedReconnect | false {
  if (value === false) return false;
  const given = value ?? {};
  if (typeof given !== 'object' || given === null) throw new TypeError('createClient: reconnect must be an object or false');
  positive(given.initialDelay, 1, 'reconnect.initialDelay');
  positive(given.maxDelay, 1, 'reconnect.maxDelay');
  if (given.factor !== undefined && !(typeof given.factor === 'number' && given.factor >= 1))
    throw new TypeError('createClient: reconnect.factor must be a number of at least 1');
  if (given.jitter !== undefined && !(typeof given.jitter === 'number' && given.jitter >= 0 && given.jitter <= 1))
    throw new TypeError('createClient: reconnect.jitter must be a number from 0 to 1');
  if (given.maxAttempts !== undefined && !(Number.isInteger(given.maxAttempts) && given.maxAttempts > 0))
    throw new TypeError('createClient: reconnect.maxAttempts must be a positive whole number');
  const drop = given.afterDrop;
  if (drop === false) return { ...given, afterDrop: false };
  if (drop !== undefined && (typeof drop !== 'object' || drop === null))
    throw new TypeError('createClient: reconnect.afterDrop must be an object ({ window, interval }) or false');
  return {
    ...given,
    afterDrop: {
      window: positive(drop?.window, DEFAULTS.afterDrop.window, 'reconnect.afterDrop.window'),
      interval: positive(drop?.interval, DEFAULTS.afterDrop.interval, 'reconnect.afterDrop.interval'),
    },
  };
}

export function resolveOptions(
  options: ClientOptions & { jobPolling?: JobPollingOptions },
  api: ApiRegistry,
  rest: boolean,
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createClient: options must be an object');
  const candidates = candidatesFrom(options);
  // Over REST `/api/v2.0` names the REST root, not an API version: only version paths pin the version.
  const addresses = candidates.map((c) =>
    rest && c.address.path?.startsWith('/api/v2.0') ? { ...c.address, path: undefined } : c.address,
  );
  const version = fixedVersion(options.apiVersion, addresses, api);
  if (rest && version !== undefined && !api.describe(version)?.rest) {
    const withRest = api.versions.filter((v) => api.describe(v)?.rest);
    throw new TypeError(
      `createClient: API ${version} has no REST API (TrueNAS 26 removed REST /api/v2.0); REST clients speak ${withRest.join(', ')}. Use a WebSocket URL (wss://) for ${version}.`,
    );
  }
  const validate = options.validate ?? 'args';
  if (!['args', 'all', 'off'].includes(validate)) throw new TypeError("createClient: validate must be 'args', 'all' or 'off'");
  let credentials: ResolvedOptions['credentials'];
  if (options.auth === null) credentials = { value: undefined, loaded: true };
  else if (options.auth !== undefined) credentials = { value: normaliseAuth(options.auth), loaded: true };
  else credentials = { value: undefined, loaded: options.env === false };
  const polling = options.jobPolling ?? {};
  if (typeof polling !== 'object' || polling === null) throw new TypeError('createClient: jobPolling must be an object');
  const factor = polling.factor ?? 1.5;
  if (typeof factor !== 'number' || !(factor >= 1)) throw new TypeError('createClient: jobPolling.factor must be a number of at least 1');
  const initialDelay = positive(polling.initialDelay, 100, 'jobPolling.initialDelay');
  const connectTimeout = positive(options.connectTimeout, DEFAULTS.connectTimeout, 'connectTimeout');
  return {
    candidates,
    version,
    credentials,
    timeout: positive(options.timeout, DEFAULTS.timeout, 'timeout'),
    connectTimeout,
    // An address that does not even complete a handshake (a VIP nobody holds, a partition) should
    // not hold up trying the others for long.
    handshakeTimeout: Math.min(connectTimeout, candidates.length > 1 ? 3000 : 10_000),
    masterWait: positive(options.masterWait, DEFAULTS.masterWait, 'masterWait'),
    validate,
    allowInsecure: options.allowInsecure === true,
    maxQueue: Math.max(0, Math.floor(options.maxQueue ?? DEFAULTS.maxQueue)),
    maxIncomingMessage: Math.floor(positive(options.maxIncomingMessage, DEFAULTS.maxIncomingMessage, 'maxIncomingMessage', 'bytes')),
    reconnect: resolveReconnect(options.reconnect),
    jobPolling: { initialDelay, maxDelay: Math.max(initialDelay, positive(polling.maxDelay, 2000, 'jobPolling.maxDelay')), factor },
    hooks: resolveHooks(options.hooks),
    retry: resolveRetry(options.retry),
  };
}
