/**
 * The WebSocket driver: one connection attempt to one address. Finds the API version
 * (`GET /api/versions`) unless it is known, opens the WebSocket, sets the connection's options,
 * logs in (pacing unauthenticated calls under TrueNAS's rate limit), and identifies the controller
 * reached. The result is a ready `WebSocketConnection`; the client decides whether to keep it.
 */
import type { Credentials } from '../../auth/credentials.js';
import { type LoginContext, login } from '../../auth/login.js';
import { ScramKeyCache } from '../../auth/scram-client.js';
import { AbortedError } from '../../errors/aborted-error.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { ConnectionError, type ConnectionFailure } from '../../errors/connection-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import { SlidingWindowLimiter } from '../../util/rate-limit.js';
import { sleep } from '../../util/timers.js';
import type { ControllerAddress } from '../../util/url.js';
import { apiMajor, atLeast, newestOffered } from '../../util/version.js';
import { connectionError } from '../connect-failure.js';
import {
  type Connection,
  type ControllerIdentity,
  type Driver,
  type DriverSetup,
  isActiveStatus,
  type OpenRequest,
  readIdentity,
} from '../connection.js';
import { deadline, withDeadline } from '../deadline.js';
import { HttpClient } from '../http.js';
import { channelBinding } from '../platform/node.js';
import { openWebSocket } from './open-websocket.js';
import type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
import { type KeepAliveOptions, WebSocketRpc, type WebSocketRpcOptions } from './websocket-rpc.js';

export interface WebSocketDriverOptions {
  /** WebSocket implementation; default: the global one in browsers, `ws` in Node. */
  WebSocket: WebSocketConstructor | undefined;
  keepAlive: KeepAliveOptions | false;
  /** Pacing of unauthenticated calls, per method: at most `limit` in any `windowMs`. */
  rateLimit: { limit: number; windowMs: number };
}

// Failures of `GET /api/versions` after which the WebSocket is still worth trying: a proxy or CORS
// may refuse the HTTP endpoint, a VIP may be moving, and a connection may be reset at once, the
// request then left without an answer. Refused, unresolvable, unreachable or TLS failures are final.
const FALL_BACK: ReadonlySet<ConnectionFailure> = new Set(['HTTP_STATUS', 'CUT_OFF', 'TIMEOUT', 'OTHER']);

// Unauthenticated calls the server rate-limits per method and address (spec §2.8).
const RATE_LIMITED = new Set(['auth.login_ex', 'auth.login_ex_continue', 'auth.mechanism_choices', 'auth.login_with_token', 'core.ping']);

/** A logged-in, identified JSON-RPC connection to one controller. */
export class WebSocketConnection extends WebSocketRpc implements Connection {
  identity: ControllerIdentity;
  loggedIn = false;
  /** A WebSocket logs in once; uploads ask for a single-use token instead. */
  readonly authorization = undefined;

  constructor(
    socket: WebSocketLike,
    options: WebSocketRpcOptions,
    readonly address: ControllerAddress,
    readonly version: string,
  ) {
    super(socket, options);
    this.identity = { url: options.url, node: undefined, bootId: undefined, status: undefined };
  }

  get active(): boolean {
    return isActiveStatus(this.identity.status);
  }

  async recheck(signal: AbortSignal): Promise<boolean> {
    if (!this.open) return false;
    try {
      const status = await withDeadline(signal, 5000, (bounded) => this.call('failover.status', [], { signal: bounded }));
      if (typeof status === 'string') this.identity = { ...this.identity, status };
      return true;
    } catch {
      if (signal.aborted) throw signal.reason;
      this.close('no answer while looking for the active controller');
      return false;
    }
  }
}

export class WebSocketDriver implements Driver {
  readonly kind = 'websocket' as const;
  readonly pushesEvents = true;
  readonly http: HttpClient;
  private readonly limiter: SlidingWindowLimiter;
  private readonly scramCache = new ScramKeyCache();
  /** `auth.mechanism_choices`, remembered once read. */
  private mechanisms: { value: readonly string[] | undefined } | undefined;

  constructor(
    private readonly setup: DriverSetup,
    private readonly options: WebSocketDriverOptions,
  ) {
    this.http = new HttpClient(setup.tls, setup.maxIncomingMessage);
    this.limiter = new SlidingWindowLimiter(options.rateLimit.limit, options.rateLimit.windowMs);
  }

  checkCredentials(): void {
    // Every kind of credential can log in over a WebSocket.
  }

  close(): void {
    this.http.close();
  }

  /**
   * One attempt, bounded as a whole by `connectTimeout`: the API version (`GET /api/versions`,
   * at most half of that time), the WebSocket handshake, the login and the identification.
   */
  async open(request: OpenRequest): Promise<WebSocketConnection> {
    const { address, signal } = request;
    const { connectTimeout } = this.setup;
    const bound = deadline(signal, connectTimeout);
    let url = address.wsBase;
    let opened = false;
    try {
      const { version, path, unread } = await this.findVersion(request, bound.signal);
      url = `${address.wsBase}${path}`;
      const socket = await openWebSocket(url, {
        WebSocket: this.options.WebSocket,
        tls: this.setup.tls,
        timeout: this.setup.handshakeTimeout,
        signal: bound.signal,
        maxPayload: this.setup.maxIncomingMessage,
      });
      opened = true;
      if (unread?.failure === 'CUT_OFF' || unread?.failure === 'TIMEOUT') {
        // The host answers, so the version list failed by chance (a connection reset, a request left
        // without an answer): read it again next attempt rather than guess the version.
        socket.close(1000, 'the API version is not known yet');
        throw new ConnectionError(url, { failure: 'CUT_OFF', during: 'GET /api/versions failed; trying again', cause: unread });
      }
      const connection = await this.start(socket, address, version, url, request.credentials, bound.signal);
      if (unread) {
        this.setup.logger.warn(`the server's API version list could not be read; assuming ${version} on ${connection.url}`);
        request.setVersion(version);
      }
      return connection;
    } catch (error) {
      // The attempt's own time ran out (not the caller's signal): before the socket opened the
      // host is silent; after, the controller is slow to log in (worth another attempt).
      if (bound.signal.aborted && !signal.aborted && (error as { name?: unknown })?.name === 'TimeoutError') {
        if (!opened)
          throw new ConnectionError(url, { failure: 'TIMEOUT', timeout: connectTimeout, during: 'WebSocket handshake', cause: error });
        throw new TimeoutError(
          'login',
          connectTimeout,
          true,
          `${url} accepted the connection but the login and identification took over ${connectTimeout} ms (connectTimeout).`,
          error,
        );
      }
      throw error;
    } finally {
      bound.clear();
    }
  }

  /**
   * The API version to speak and the endpoint's path: the one given, else the newest the server
   * offers. When the list cannot be read the newest known version is assumed on `/api/current`, and
   * `unread` says why (the caller decides whether to go on with that guess).
   */
  private async findVersion(
    request: OpenRequest,
    signal: AbortSignal,
  ): Promise<{ version: string; path: string; unread?: ConnectionError }> {
    const { address } = request;
    const { api, logger, handshakeTimeout, connectTimeout } = this.setup;
    if (request.version) return { version: request.version, path: address.path ?? `/api/${request.version}` };
    const url = `${address.httpBase}/api/versions`;
    const allowed = Math.min(handshakeTimeout, connectTimeout / 2);
    let list: unknown;
    try {
      list = await withDeadline(signal, allowed, (bounded) => this.http.getJson(url, bounded));
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Refused, unresolvable, unreachable, or no TLS there: the WebSocket cannot do better.
      const failure = connectionError(address.wsBase, error, { timeout: allowed });
      if (!FALL_BACK.has(failure.failure)) throw failure;
      // Browsers may be refused the HTTP endpoint (CORS) while the WebSocket works.
      logger.debug(`cannot read ${url} (${(error as Error)?.message}); trying /api/current`);
      return { version: api.versions.at(-1)!, path: address.path ?? '/api/current', unread: failure };
    }
    const version = newestOffered(list, api.versions);
    if (!version) {
      throw new TypeError(
        `The server at ${address.httpBase} offers API versions ${JSON.stringify(list)}, none of which this package knows (${api.versions.join(', ')}).`,
      );
    }
    request.setVersion(version);
    return { version, path: address.path ?? `/api/${version}` };
  }

  /** Sets the options of a new socket, logs in and identifies the controller. */
  private async start(
    socket: WebSocketLike,
    address: ControllerAddress,
    version: string,
    url: string,
    credentials: Credentials | undefined,
    attempt: AbortSignal,
  ): Promise<WebSocketConnection> {
    const { logger, hooks } = this.setup;
    const connection: WebSocketConnection = new WebSocketConnection(
      socket,
      {
        url,
        logger,
        maxInFlight: this.setup.maxInFlight,
        maxQueue: this.setup.maxQueue,
        maxIncomingMessage: this.setup.maxIncomingMessage,
        onNotification: (method, params) => hooks.onNotification(connection, method, params),
        onClose: (info) => hooks.onClose(connection, info),
      },
      address,
      version,
    );
    const call = async (method: string, params: unknown[]) => {
      if (!connection.authenticated && RATE_LIMITED.has(method)) {
        const wait = this.limiter.waitTime(method);
        if (wait > 0) {
          logger.info(`waiting ${wait} ms before ${method} to stay under TrueNAS's limit of 20 unauthenticated calls a minute`);
          await sleep(wait, attempt);
        }
        this.limiter.record(method);
      }
      return connection.call(method, params, { signal: attempt });
    };
    try {
      logger.debug(`connected to ${url}`);
      if (atLeast(version, 'v25.10.0')) {
        // Job methods answer with the job id at once (the default, made explicit); jobs are then
        // followed through core.get_jobs and hold no call slot (spec §4.2).
        await call('core.set_options', [{ legacy_jobs: true }]).catch((error) => logger.debug('core.set_options failed', error));
      }
      if (credentials) {
        hooks.onAuthenticating();
        const loginContext: LoginContext = {
          call,
          apiMajor: apiMajor(version),
          address,
          url,
          allowInsecure: this.setup.allowInsecure,
          scramCache: this.scramCache,
          channelBinding: () => channelBinding(socket),
          mechanismChoices: async () => {
            if (!this.mechanisms) {
              let value: readonly string[] | undefined;
              try {
                const answer = await call('auth.mechanism_choices', []);
                value = Array.isArray(answer) ? answer.map(String) : undefined;
              } catch (error) {
                // No answer (the attempt timed out, was aborted or lost its connection): nothing is
                // known yet, so nothing is remembered; the attempt fails and a later one asks again.
                if (error instanceof TimeoutError || error instanceof AbortedError || error instanceof ConnectionClosedError) throw error;
                // 25.04.2–25.10.2 fail this call before login: that means "no SCRAM" (spec §2.1).
                logger.debug('auth.mechanism_choices failed', error);
              }
              this.mechanisms = { value };
            }
            return this.mechanisms.value;
          },
        };
        const result = await login(credentials, loginContext);
        connection.authenticated = true;
        connection.loggedIn = true;
        logger.info(`logged in to ${url} with ${result.mechanism}`);
      }
      const ask = (method: string) =>
        connection.loggedIn ? connection.call(method, [], { signal: attempt }).catch(() => undefined) : Promise.resolve(undefined);
      connection.identity = await readIdentity(connection, ask, this.http, attempt);
      if (this.options.keepAlive) connection.startKeepAlive(this.options.keepAlive);
      return connection;
    } catch (error) {
      connection.close('connection attempt failed');
      throw error;
    }
  }
}
