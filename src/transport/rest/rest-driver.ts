/**
 * The REST driver. REST has no connection to keep, so "connecting" to an address means: refuse
 * plain http:// with secrets to a remote host, read `GET /api/versions` (a server of API v26.0.0
 * or later has no REST: TrueNAS 26 removed it), check the credentials with one authenticated
 * request, and identify the controller (node, boot id, and status where REST exposes it, else
 * whether it holds the VIP). A request that then gets no answer retires the connection: the
 * client looks for a controller again, as after a dropped WebSocket.
 */
import type { Credentials } from '../../auth/credentials.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { IncomingMessageTooLargeError } from '../../errors/incoming-message-too-large-error.js';
import { NotAvailableOverRestError } from '../../errors/not-available-over-rest-error.js';
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import { TlsCertificateError } from '../../errors/tls-certificate-error.js';
import { TrueNasError } from '../../errors/truenas-error.js';
import { redact } from '../../util/redact.js';
import type { ControllerAddress } from '../../util/url.js';
import { atLeast, newestOffered } from '../../util/version.js';
import { authorizationHeader, checkTransportSecurity } from '../authorization.js';
import { connectionError } from '../connect-failure.js';
import {
  type Connection,
  type ConnectionHooks,
  type ControllerIdentity,
  type Driver,
  type DriverSetup,
  isActiveStatus,
  type OpenRequest,
  readIdentity,
} from '../connection.js';
import { withDeadline } from '../deadline.js';
import { HttpClient, HttpNetworkError, HttpStatusError } from '../http.js';
import type { TransportCallOptions } from '../transport.js';
import { RestTransport, type RestTransportOptions } from './rest-transport.js';

/** REST sends a credential with every request: it needs something it can put in a header. */
export function checkRestCredentials(credentials: Credentials | undefined, field: string): void {
  if (credentials?.kind !== 'api-key') return;
  if (!credentials.raw) {
    throw new TypeError(
      `${field}.apiKey: REST sends the API key itself (Authorization: Bearer); precomputed SCRAM keys work only with a WebSocket (wss://) client`,
    );
  }
  if (credentials.mechanism === 'SCRAM') {
    throw new TypeError(
      `${field}.mechanism SCRAM never sends the API key, but REST can only send it (Authorization: Bearer); use a WebSocket (wss://) client or leave mechanism unset`,
    );
  }
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
  let best: string | undefined;
  for (const item of list) {
    if (typeof item !== 'string' || !/^v\d+\.\d+(?:\.\d+)?/.test(item)) continue;
    if (!best || !atLeast(best, item)) best = item;
  }
  return best === undefined ? undefined : { version: best, major: Number(/^v(\d+)/.exec(best)?.[1]) };
}

/** A controller reached over REST: one HTTP request per call, the credential in each. */
export class RestConnection extends RestTransport implements Connection {
  identity: ControllerIdentity;
  /**
   * Where REST has no `failover.status` (25.10): whether the controller holds the VIP
   * (`failover.get_ips` lists only VIPs held, so the standby answers an empty list).
   */
  holdsVip: boolean | undefined;

  constructor(
    options: RestTransportOptions,
    readonly version: string,
    readonly loggedIn: boolean,
    private readonly hooks: ConnectionHooks,
  ) {
    super(options);
    this.identity = { url: this.url, node: undefined, bootId: undefined, status: undefined };
  }

  get active(): boolean {
    return isActiveStatus(this.identity.status) && this.holdsVip !== false;
  }

  override async call(method: string, params: readonly unknown[], options?: TransportCallOptions): Promise<unknown> {
    try {
      return await super.call(method, params, options);
    } catch (error) {
      // No answer: this controller (or the VIP's holder) may be gone; the client looks again. An
      // answer too large to read came from a controller that is there: the connection stays.
      if (
        error instanceof ConnectionClosedError &&
        !(error instanceof TlsCertificateError) &&
        !(error instanceof IncomingMessageTooLargeError) &&
        this.isOpen
      ) {
        this.isOpen = false;
        this.hooks.onClose(this, { code: 1006, reason: error.message });
      }
      throw error;
    }
  }

  async recheck(signal: AbortSignal): Promise<boolean> {
    if (!this.isOpen) return false;
    try {
      await withDeadline(signal, 5000, (bounded) => this.identify(bounded, false));
      return true;
    } catch {
      if (signal.aborted) throw signal.reason;
      this.close('no answer while looking for the active controller');
      return false;
    }
  }

  /**
   * Node letter, boot id and (where REST exposes it) status of the controller, else whether it
   * holds the VIP. The credential check is `failover.licensed`: it needs a login but no role, so
   * only bad credentials make it fail.
   */
  async identify(signal: AbortSignal, checkCredentials = true): Promise<void> {
    const description = this.options.description;
    if (this.loggedIn && checkCredentials) await this.call('failover.licensed', [], { signal });
    const ask = (method: string) =>
      this.loggedIn && description.methods[method]?.rest
        ? this.call(method, [], { signal }).catch(() => undefined)
        : Promise.resolve(undefined);
    const statusOverRest = Boolean(description.methods['failover.status']?.rest);
    const [identity, ips] = await Promise.all([
      readIdentity(this, ask, this.options.http, signal),
      statusOverRest ? Promise.resolve(undefined) : ask('failover.get_ips'),
    ]);
    this.identity = identity;
    this.holdsVip = Array.isArray(ips) ? ips.length > 0 : undefined;
  }
}

export class RestDriver implements Driver {
  readonly kind = 'rest' as const;
  readonly pushesEvents = false;
  readonly http: HttpClient;
  private readonly connections = new Set<RestConnection>();

  constructor(private readonly setup: DriverSetup) {
    this.http = new HttpClient(setup.tls, setup.maxIncomingMessage);
  }

  checkCredentials(credentials: Credentials | undefined, field: string): void {
    checkRestCredentials(credentials, field);
  }

  close(): void {
    for (const connection of this.connections) connection.close('client closed');
    this.connections.clear();
    this.http.close();
  }

  async open(request: OpenRequest): Promise<RestConnection> {
    const { address, credentials, signal: outer } = request;
    checkTransportSecurity(address, credentials, this.setup.allowInsecure);
    return withDeadline(outer, this.setup.connectTimeout, (signal) => this.attempt(request, signal));
  }

  private async attempt(request: OpenRequest, signal: AbortSignal): Promise<RestConnection> {
    const { address, credentials, signal: outer } = request;
    const { api, logger, connectTimeout } = this.setup;
    const authorization = authorizationHeader(credentials);
    const hasRest = (v: string) => api.describe(v)?.rest === true;

    let version = request.version;
    let listed: unknown;
    try {
      listed = await this.http.getJson(`${address.httpBase}/api/versions`, signal);
    } catch (error) {
      const failing = error instanceof HttpStatusError && error.status >= 500;
      if (signal.aborted || failing || error instanceof HttpNetworkError || error instanceof TrueNasError)
        throw toAttemptError(address, error, outer, connectTimeout);
      // Some proxies block it; a pinned version still works (the routes then tell).
      logger.debug(`cannot read ${address.httpBase}/api/versions: ${(error as Error).message}`);
    }
    if (Array.isArray(listed)) {
      const newest = newestListed(listed);
      if (newest && newest.major >= 26) throw restRemovedError(address, newest.version);
      if (!version) {
        version = newestOffered(listed, api.versions, hasRest);
        if (!version) {
          throw new TypeError(
            `The server at ${address.httpBase} offers API versions ${JSON.stringify(listed)}, none of which this package knows with REST (${api.versions.filter(hasRest).join(', ')}).`,
          );
        }
      }
    }
    if (!version) {
      version = api.versions.filter(hasRest).at(-1)!;
      logger.warn(`the server's API version list could not be read; assuming ${version} on ${address.httpBase}`);
    }
    request.setVersion(version);
    if (credentials) this.setup.hooks.onAuthenticating();

    const connection = new RestConnection(
      {
        address,
        apiVersion: version,
        description: api.describe(version)!,
        authorization,
        http: this.http,
        maxInFlight: this.setup.maxInFlight,
        maxQueue: this.setup.maxQueue,
      },
      version,
      credentials !== undefined,
      this.setup.hooks,
    );
    try {
      await connection.identify(signal);
    } catch (error) {
      connection.close('connection attempt failed');
      // It answered /api/versions: a slow controller rather than a silent host, worth another attempt.
      if (signal.aborted && !outer.aborted && (error as { name?: unknown })?.name === 'TimeoutError')
        throw new TimeoutError(
          'login',
          connectTimeout,
          true,
          `${address.httpBase} answered but checking the credentials and identifying it took over ${connectTimeout} ms (connectTimeout).`,
          error,
        );
      throw toAttemptError(address, error, outer, connectTimeout);
    }
    // Retired connections are kept only while requests still run on them (close() cuts those off).
    for (const old of this.connections) if (!old.open && old.inFlightCount === 0) this.connections.delete(old);
    this.connections.add(connection);
    const { node } = connection.identity;
    logger.info(`using ${connection.url} (API ${version}${node ? `, node ${node}` : ''})`);
    return connection;
  }
}

/**
 * Failures of an attempt: no answer, a failing server (5xx) or no answer in time become
 * `ConnectionError`; a missing REST API is fatal.
 */
function toAttemptError(address: ControllerAddress, error: unknown, outer: AbortSignal, timeout: number): unknown {
  if (outer.aborted) return outer.reason;
  if (error instanceof HttpNetworkError || error instanceof HttpStatusError || (error as { name?: unknown })?.name === 'TimeoutError') {
    return connectionError(address.httpBase, error, {
      timeout,
      during: error instanceof HttpStatusError ? 'GET /api/versions' : undefined,
    });
  }
  if (error instanceof ConnectionClosedError && !(error instanceof TlsCertificateError) && !error.sent) {
    // A request of the identification that never reached the controller.
    return connectionError(address.httpBase, error.cause ?? error, { timeout });
  }
  if (error instanceof NotAvailableOverRestError) {
    // The schema's route of a method every REST server has is missing: this address serves no REST.
    const e = new NotSupportedByTransportError('REST /api/v2.0', 'rest');
    e.message = `${address.httpBase} does not serve REST /api/v2.0 (TrueNAS 26 removed it; a proxy may also block it). Use a WebSocket URL (wss://).`;
    return e;
  }
  return error;
}
