/**
 * Which transport `createClient` uses: `transport` when given, else the scheme of the addresses:
 * `http://`/`https://` → REST, `ws://`/`wss://` (or no scheme) → WebSocket. And the driver of
 * each, with the options only that transport has. The driver classes come from the entry
 * (`Drivers`), so that an entry whose versions have no REST leaves the REST driver out.
 */
import type { PollJobFeed } from '../jobs/job-feeds.js';
import type { RestDriver } from '../transport/rest/rest-driver.js';
import type { WebSocketDriver } from '../transport/websocket/websocket-driver.js';
import { readEnv } from '../util/env.js';
import type { TransportChoice } from './client.js';
import { type ClientOptions, DEFAULTS, positive } from './options.js';

interface TransportOptions {
  transport?: unknown;
  url?: unknown;
  urls?: unknown;
  env?: boolean;
}

function addressesOf(options: TransportOptions): unknown[] {
  const out: unknown[] = [];
  if (options.url !== undefined) out.push(options.url);
  if (Array.isArray(options.urls)) out.push(...options.urls);
  else if (typeof options.urls === 'object' && options.urls !== null) {
    const u = options.urls as { vip?: unknown; a?: unknown; b?: unknown };
    out.push(...[u.vip, u.a, u.b].filter((v) => v !== undefined));
  }
  if (out.length === 0 && options.env !== false) {
    const fromEnv = readEnv('TRUENAS_URL');
    if (fromEnv) out.push(fromEnv);
  }
  return out;
}

/** True when the options ask for REST (explicitly, or by http(s):// addresses only). */
export function wantsRest(options: TransportOptions | undefined): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const { transport } = options;
  if (transport === 'rest') return true;
  if (transport === 'websocket') return false;
  if (transport !== undefined) throw new TypeError("createClient: transport must be 'websocket' or 'rest'");
  const schemes = addressesOf(options)
    .filter((a): a is string => typeof a === 'string')
    .map((a) => (/^\s*([a-z][a-z0-9+.-]*):\/\//i.exec(a)?.[1] ?? 'wss').toLowerCase());
  const http = schemes.filter((s) => s === 'http' || s === 'https').length;
  if (http === 0) return false;
  if (http < schemes.length) {
    throw new TypeError(
      "createClient: the addresses mix http(s):// (REST) and ws(s):// (WebSocket); use one kind, or say which with transport: 'rest' or 'websocket'",
    );
  }
  return true;
}

/**
 * The drivers a client entry carries: WebSocket always; REST only in entries whose API versions
 * have REST /api/v2.0 (TrueNAS 25.x), with the job polling REST needs (no events there).
 */
export interface Drivers {
  websocket: typeof WebSocketDriver;
  rest?: { driver: typeof RestDriver; jobs: typeof PollJobFeed };
}

/** The transport the options ask for, with its driver; `versions` (the entry's) name what lacks REST. */
export function transportFor(options: ClientOptions | undefined, drivers: Drivers, versions: readonly string[]): TransportChoice {
  const o: ClientOptions = typeof options === 'object' && options !== null ? options : {};
  const maxInFlight = (limit: number) => Math.min(limit, Math.max(1, Math.floor(o.maxInFlight ?? DEFAULTS.maxInFlight)));
  if (wantsRest(options)) {
    const { rest } = drivers;
    if (!rest) {
      throw new TypeError(
        `createClient: REST was asked for (transport: 'rest' or http(s):// addresses), but API ${versions.join(', ')} has no REST /api/v2.0 (TrueNAS 26 removed it); use ws(s):// addresses`,
      );
    }
    // REST requests are independent HTTP exchanges: TrueNAS's limit of 20 calls per WebSocket does not apply.
    return {
      kind: 'rest',
      driver: (setup) => new rest.driver({ ...setup, maxInFlight: maxInFlight(1000) }),
      pollJobs: (tracker, pacing) => new rest.jobs(tracker, pacing),
    };
  }
  const keepAlive =
    o.keepAlive === false
      ? false
      : {
          interval: positive(o.keepAlive?.interval, DEFAULTS.keepAlive.interval, 'keepAlive.interval'),
          timeout: positive(o.keepAlive?.timeout, DEFAULTS.keepAlive.timeout, 'keepAlive.timeout'),
        };
  const rateLimit = {
    limit: Math.max(1, Math.floor(o.rateLimit?.limit ?? DEFAULTS.rateLimit.limit)),
    windowMs: positive(o.rateLimit?.windowMs, DEFAULTS.rateLimit.windowMs, 'rateLimit.windowMs'),
  };
  return {
    kind: 'websocket',
    driver: (setup) => new drivers.websocket({ ...setup, maxInFlight: maxInFlight(20) }, { WebSocket: o.WebSocket, keepAlive, rateLimit }),
  };
}
