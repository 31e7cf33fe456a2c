/**
 * Reading one controller directly, by its own address (`urls: { a, b }`), for checks that need
 * both controllers' view (a sync's verification). Over WebSocket, TrueNAS 25.04.2+ refuses logins
 * on a standby whose peer is active (REDIRECT), so a standby can only be read over REST (25.x,
 * per-request authentication, no login step); on 26+ there is no way and the check says so.
 * The side clients come from the factory the entry injects (`PairAccess`): the HA layer builds
 * on the client and never constructs one itself.
 */
import type { ClientOptions, RestClientOptions } from '../client/options.js';
import { HaRedirectError } from '../errors/ha-redirect-error.js';
import { parseAddress } from '../util/url.js';
import type { HaHost } from './host.js';
import type { FailoverConfig } from './types.js';

/** A client of one controller, used for one read and closed. */
export type SideClient = HaHost & { close(): Promise<void> };

/** How the HA helpers reach each controller by its own address: the main client's options, and a client factory. */
export interface PairAccess {
  /** The options the main client was created with (its `urls: { a, b }` name the controllers). */
  options: ClientOptions;
  /** A new client (WebSocket, or REST with `transport: 'rest'`). */
  open(options: ClientOptions | RestClientOptions): SideClient;
  /** True when servers of `version` serve REST /api/v2.0. */
  hasRest(version: string): boolean;
}

/** What reading a controller directly gave. */
export type DirectRead<T> = { ok: true; value: T; via: 'websocket' | 'rest' } | { ok: false; why: string };

/** The configured address of controller `node`, from `urls: { a, b }`. */
export function addressOf(options: ClientOptions, node: string | undefined): string | undefined {
  const urls = options.urls;
  if (!urls || Array.isArray(urls) || (node !== 'A' && node !== 'B')) return undefined;
  const address = node === 'A' ? (urls as { a?: string }).a : (urls as { b?: string }).b;
  return typeof address === 'string' ? address : undefined;
}

function sideOptions(options: ClientOptions, url: string, apiVersion: string | undefined, timeout: number): ClientOptions {
  return {
    auth: options.auth,
    env: options.env,
    tls: options.tls,
    allowInsecure: options.allowInsecure,
    WebSocket: options.WebSocket,
    logger: options.logger,
    rateLimit: options.rateLimit,
    validate: options.validate,
    apiVersion: apiVersion as ClientOptions['apiVersion'],
    url,
    timeout,
    connectTimeout: Math.min(timeout, options.connectTimeout ?? timeout),
    reconnect: false,
    keepAlive: false,
  };
}

async function readWith<T>(client: SideClient, method: string, timeout: number, signal: AbortSignal | undefined): Promise<T> {
  try {
    return (await client.call(method, [], { timeout, signal })) as T;
  } finally {
    await client.close();
  }
}

/**
 * Reads `method` (no arguments) on the controller at `address` only. Tries the transport of the
 * address; a WebSocket login redirected by a standby is retried over REST where the version has it.
 */
export async function readDirect<T>(
  pair: PairAccess,
  address: string,
  method: string,
  apiVersion: string | undefined,
  timeout: number,
  signal?: AbortSignal,
): Promise<DirectRead<T>> {
  const options = pair.options;
  const parsed = parseAddress(address);
  const rest = /^https?:\/\//i.test(address.trim());
  if (!rest) {
    try {
      const value = await readWith<T>(pair.open(sideOptions(options, address, apiVersion, timeout)), method, timeout, signal);
      return { ok: true, value, via: 'websocket' };
    } catch (error) {
      if (!(error instanceof HaRedirectError)) return { ok: false, why: error instanceof Error ? error.message : String(error) };
      if (!apiVersion || !pair.hasRest(apiVersion)) {
        return {
          ok: false,
          why: `${parsed.wsBase} is the standby and redirects WebSocket logins to the active controller, and API ${apiVersion ?? '(unknown)'} has no REST to read it without logging in`,
        };
      }
    }
  }
  try {
    const restOptions = { ...sideOptions(options, parsed.httpBase, apiVersion, timeout), transport: 'rest' } as RestClientOptions;
    const value = await readWith<T>(pair.open(restOptions), method, timeout, signal);
    return { ok: true, value, via: 'rest' };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads `failover.config` on the controller at `address` only. */
export function readConfigDirect(
  pair: PairAccess,
  address: string,
  apiVersion: string | undefined,
  timeout: number,
  signal?: AbortSignal,
): Promise<DirectRead<FailoverConfig>> {
  return readDirect<FailoverConfig>(pair, address, 'failover.config', apiVersion, timeout, signal);
}
