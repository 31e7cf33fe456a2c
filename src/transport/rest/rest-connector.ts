/**
 * Finds a controller to send REST requests to. REST has no connection to keep, so "connecting"
 * means: refuse plain http:// with secrets to a remote host, read `GET /api/versions` (a server
 * of API v26.0.0 or later has no REST: TrueNAS 26 removed it), check the credentials with one
 * authenticated request, and identify the controller (node, boot id, and status where REST
 * exposes it, else whether it holds the VIP). Addresses are tried in order of preference (VIP
 * first), the active controller preferred, with backoff between rounds.
 */
import type { Credentials } from '../../auth/credentials.js';
import type { Candidate } from '../../client/addresses.js';
import { isFatal } from '../../client/connector.js';
import { type ControllerIdentity, isActiveStatus } from '../../client/identity.js';
import type { ReconnectOptions } from '../../client/options.js';
import { atLeast } from '../../client/version.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { NotAvailableOverRestError } from '../../errors/not-available-over-rest-error.js';
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import { API_VERSIONS, type ApiVersion, apiDescription } from '../../generated/index.js';
import { backoffDelay } from '../../util/backoff.js';
import type { InternalLogger } from '../../util/logger.js';
import { redact } from '../../util/redact.js';
import { sleep } from '../../util/timers.js';
import type { ControllerAddress } from '../../util/url.js';
import { authorizationHeader, checkTransportSecurity } from './authorization.js';
import { type HttpClient, HttpNetworkError } from './http.js';
import { RestTransport } from './rest-transport.js';
import { isRestVersion, LATEST_REST_API_VERSION, REST_API_VERSIONS, type RestApiVersion } from './versions.js';

/** A controller reached over REST. */
export interface RestSession {
  readonly transport: RestTransport;
  readonly candidate: Candidate;
  readonly identity: ControllerIdentity;
  readonly version: RestApiVersion;
  /**
   * Where REST has no `failover.status` (25.10): whether the controller holds the VIP
   * (`failover.get_ips` lists only VIPs held, so the standby answers an empty list).
   */
  readonly holdsVip: boolean | undefined;
}

/** Whether a session reached the active controller (unknown counts as active). */
function isActive(session: RestSession): boolean {
  return isActiveStatus(session.identity.status) && session.holdsVip !== false;
}

export interface RestConnectorHost {
  candidates: readonly Candidate[];
  logger: InternalLogger;
  http: HttpClient;
  credentials(): Credentials | undefined;
  allowInsecure: boolean;
  connectTimeout: number;
  reconnect: ReconnectOptions;
  masterWait: number;
  maxInFlight: number;
  maxQueue: number;
  getVersion(): RestApiVersion | undefined;
  setVersion(version: RestApiVersion): void;
  onAttemptFailed(error: unknown): void;
}

/** The error for a server without REST (TrueNAS 26 and later). */
export function restRemovedError(address: ControllerAddress, serverVersion: string): NotSupportedByTransportError {
  const error = new NotSupportedByTransportError('REST /api/v2.0', 'rest');
  const wss = `${address.secure ? 'wss' : 'ws'}://${address.wsBase.replace(/^wss?:\/\//, '')}`;
  error.message = redact(
    `${address.httpBase} runs TrueNAS API ${serverVersion}: REST (/api/v2.0) was removed in TrueNAS 26. ` +
      `Use the WebSocket API instead: createClient({ url: '${wss}' }) (wss:// for TLS).`,
  );
  return error;
}

/** The newest version a `/api/versions` list names, by number (also versions this package does not know). */
function newestListed(list: readonly unknown[]): { version: string; major: number } | undefined {
  let best: { version: string; major: number; key: number[] } | undefined;
  for (const item of list) {
    const m = typeof item === 'string' ? /^v(\d+)\.(\d+)(?:\.(\d+))?/.exec(item) : null;
    if (!m) continue;
    const key = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (
      !best ||
      key[0]! > best.key[0]! ||
      (key[0] === best.key[0] && (key[1]! > best.key[1]! || (key[1] === best.key[1] && key[2]! > best.key[2]!)))
    ) {
      best = { version: item as string, major: key[0]!, key };
    }
  }
  return best && { version: best.version, major: best.major };
}

async function getJson(http: HttpClient, url: string, signal: AbortSignal): Promise<unknown> {
  const exchange = await http.send({ url, verb: 'GET', headers: { accept: 'application/json' }, body: undefined, signal });
  if (exchange.status !== 200) throw new Error(`GET ${url} answered HTTP ${exchange.status}`);
  return JSON.parse(exchange.text);
}

export class RestConnector {
  constructor(private readonly host: RestConnectorHost) {}

  /** Resolves with a usable controller, or rejects with a fatal error or the signal's reason. */
  async establish(signal: AbortSignal): Promise<RestSession> {
    const { candidates, logger } = this.host;
    const started = Date.now();
    let failures = 0;
    let lastError: unknown;
    for (;;) {
      signal.throwIfAborted();
      let standby: RestSession | undefined;
      for (const candidate of candidates) {
        try {
          const session = await this.attempt(candidate, signal);
          if (candidates.length === 1 || isActive(session)) {
            standby?.transport.close('the active controller was found');
            return session;
          }
          logger.info(`${session.transport.url} is ${session.identity.status ?? 'not holding the VIP'}; looking for the active controller`);
          if (standby) session.transport.close('looking for the active controller');
          else standby = session;
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          if (isFatal(error)) throw error;
          lastError = error;
          this.host.onAttemptFailed(error);
          logger.debug(`cannot use ${candidate.address.httpBase}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (standby) {
        if (Date.now() - started >= this.host.masterWait) {
          logger.warn(`no controller answered as MASTER within ${this.host.masterWait} ms; using the standby ${standby.transport.url}`);
          return standby;
        }
        standby.transport.close('looking for the active controller');
      }
      failures++;
      const max = this.host.reconnect.maxAttempts;
      if (max !== undefined && failures >= max) {
        const why = lastError instanceof Error ? lastError.message : String(lastError ?? 'no controller is MASTER');
        throw new ConnectionClosedError(`Gave up connecting after ${failures} attempts: ${why}`, { cause: lastError });
      }
      const delay = backoffDelay(failures - 1, this.host.reconnect);
      logger.debug(`no usable controller; next attempt in ${delay} ms`);
      await sleep(delay, signal);
    }
  }

  private async attempt(candidate: Candidate, outer: AbortSignal): Promise<RestSession> {
    const { http, logger } = this.host;
    const address = candidate.address;
    const signal = AbortSignal.any([outer, AbortSignal.timeout(this.host.connectTimeout)]);
    const credentials = this.host.credentials();
    checkTransportSecurity(address, credentials, this.host.allowInsecure);
    const authorization = authorizationHeader(credentials);

    let version = this.host.getVersion();
    let listed: unknown;
    try {
      listed = await getJson(http, `${address.httpBase}/api/versions`, signal);
    } catch (error) {
      if (signal.aborted || error instanceof HttpNetworkError || isFatal(error)) throw toAttemptError(address, error, outer);
      // Some proxies block it; a pinned version still works (the routes then tell).
      logger.debug(`cannot read ${address.httpBase}/api/versions: ${(error as Error).message}`);
    }
    if (Array.isArray(listed)) {
      const newest = newestListed(listed);
      if (newest && newest.major >= 26) throw restRemovedError(address, newest.version);
      if (!version) {
        const offered = new Set(listed.map(String));
        version = [...API_VERSIONS].reverse().find((v): v is RestApiVersion => isRestVersion(v) && offered.has(v));
        if (!version) {
          throw new TypeError(
            `The server at ${address.httpBase} offers API versions ${JSON.stringify(listed)}, none of which this package knows with REST (${REST_API_VERSIONS.join(', ')}).`,
          );
        }
      }
    }
    if (!version) {
      version = LATEST_REST_API_VERSION;
      logger.warn(`the server's API version list could not be read; assuming ${version} on ${address.httpBase}`);
    }
    this.host.setVersion(version);

    const transport = new RestTransport({
      address,
      apiVersion: version,
      description: apiDescription(version),
      authorization,
      http,
      maxInFlight: this.host.maxInFlight,
      maxQueue: this.host.maxQueue,
    });
    try {
      const { identity, holdsVip } = await identify(transport, version, credentials !== undefined, http, signal);
      logger.info(`using ${transport.url} (API ${version}${identity.node ? `, node ${identity.node}` : ''})`);
      return { transport, candidate, identity, version, holdsVip };
    } catch (error) {
      transport.close('connection attempt failed');
      throw toAttemptError(address, error, outer);
    }
  }
}

/** Network failures of an attempt become ConnectionClosedError; a missing REST API is fatal. */
function toAttemptError(address: ControllerAddress, error: unknown, outer: AbortSignal): unknown {
  if (outer.aborted) return outer.reason;
  if (error instanceof HttpNetworkError) {
    return new ConnectionClosedError(`${address.httpBase} gave no answer (${error.code})`, { url: address.httpBase, cause: error });
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new ConnectionClosedError(`${address.httpBase} did not answer in time`, { url: address.httpBase, cause: error });
  }
  if (error instanceof NotAvailableOverRestError) {
    // The schema's route of a method every REST server has is missing: this address serves no REST.
    const e = new NotSupportedByTransportError('REST /api/v2.0', 'rest');
    e.message = `${address.httpBase} does not serve REST /api/v2.0 (TrueNAS 26 removed it; a proxy may also block it). Use a WebSocket URL (wss://).`;
    return e;
  }
  return error;
}

/**
 * Node letter, boot id and (where REST exposes it) status of the controller, else whether it holds
 * the VIP. The credential check is `failover.licensed`: it needs a login but no role, so only bad
 * credentials make it fail.
 */
async function identify(
  transport: RestTransport,
  version: RestApiVersion,
  loggedIn: boolean,
  http: HttpClient,
  signal: AbortSignal,
): Promise<{ identity: ControllerIdentity; holdsVip: boolean | undefined }> {
  if (loggedIn) await transport.call('failover.licensed', [], { signal });
  const description = apiDescription(version);
  const quiet = <T>(p: Promise<T>) => p.catch(() => undefined);
  const ask = (method: string) =>
    loggedIn && description.methods[method]?.rest ? quiet(transport.call(method, [], { signal })) : Promise.resolve(undefined);
  const bootId = async (): Promise<string | undefined> => {
    // 25.10+ serve GET /api/boot_id; 25.04 only tells it through failover.reboot.info.
    if (atLeast(version, 'v25.10.0')) {
      const id = await quiet(getJson(http, `${transport.address.httpBase}/api/boot_id`, signal));
      if (typeof id === 'string' && id) return id;
    }
    const info = (await ask('failover.reboot.info')) as { this_node?: { boot_id?: unknown } } | undefined;
    return typeof info?.this_node?.boot_id === 'string' ? info.this_node.boot_id : undefined;
  };
  const statusOverRest = Boolean(description.methods['failover.status']?.rest);
  const [node, status, boot, ips] = await Promise.all([
    ask('failover.node'),
    ask('failover.status'),
    bootId(),
    statusOverRest ? Promise.resolve(undefined) : ask('failover.get_ips'),
  ]);
  return {
    identity: {
      url: transport.url,
      node: typeof node === 'string' ? node : undefined,
      status: typeof status === 'string' ? status : undefined,
      bootId: boot,
    },
    holdsVip: Array.isArray(ips) ? ips.length > 0 : undefined,
  };
}

export type { ApiVersion };
