/**
 * The connection lifecycle, the same over both transports: keeps the client's one ready
 * connection. It connects on demand (credentials from the environment first, when asked), finds a
 * controller through the connector (the driver makes each attempt), adopts the connection
 * (state, `connected`, `failover`), and looks again when it closes. What the rest of the client
 * does at those moments (send waiting calls, restore subscriptions and jobs) is the host's part.
 */
import type { Credentials } from '../auth/credentials.js';
import { AbortedError } from '../errors/aborted-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { CloseInfo, Connection, Driver, DriverSetup } from '../transport/connection.js';
import { credentialsFromEnv } from '../transport/platform/node.js';
import type { CallOptions } from '../types/call-options.js';
import { Emitter } from '../util/emitter.js';
import type { InternalLogger } from '../util/logger.js';
import { signalProblem } from '../util/signal.js';
import { Connector } from './connector.js';
import { type ControllerIdentity, failoverBetween } from './identity.js';
import type { ResolvedOptions } from './options.js';
import type { ClientEvents, ClientState } from './types.js';

export interface LifecycleHost {
  /** A connection is ready and current: send what waited for it, restore subscriptions and jobs. */
  adopted(connection: Connection): void;
  /** The current connection is no longer used (server subscriptions went with it). */
  released(): void;
  /** A server notification on the current connection. */
  notification(method: string, params: unknown): void;
  /** No connection can be made (a fatal error, or attempts exhausted): what waits must fail. */
  failed(error: unknown): void;
  /** The connection closed and reconnect is off: jobs can no longer be followed. */
  stranded(error: unknown): void;
}

interface ReadyWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class Lifecycle {
  readonly events = new Emitter<ClientEvents>();
  readonly driver: Driver;
  private readonly connector: Connector;
  /** The ready connection, if any (set only here; a plain field, read on every call). */
  current: Connection | undefined;
  private identity: ControllerIdentity | undefined;
  private clientState: ClientState = 'idle';
  private loop: Promise<void> | undefined;
  private loopAbort: AbortController | undefined;
  private readonly readyWaiters = new Set<ReadyWaiter>();
  private closed = false;
  /** Why the last connection attempt failed, until a connection is adopted (named by timeouts of calls that waited). */
  lastConnectError: unknown;
  private restartLoop = false;
  /** Standbys kept during a search and subscribed to their own failover.status: what their events wake. */
  private readonly standbyWatches = new Map<Connection, () => void>();
  /** When the connection in use last dropped or was released (epoch ms): the search then hurries (`reconnect.afterDrop`). */
  private droppedAt: number | undefined;
  /** The API version in use: the one given, else the one the first connection found. */
  version: string | undefined;
  credentials: Credentials | undefined;
  private credentialsLoaded: boolean;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly logger: InternalLogger,
    driver: (setup: DriverSetup) => Driver,
    setup: Omit<DriverSetup, 'hooks' | 'logger'>,
    private readonly host: LifecycleHost,
  ) {
    this.version = options.version;
    this.credentials = options.credentials.value;
    this.credentialsLoaded = options.credentials.loaded;
    this.driver = driver({
      ...setup,
      logger,
      hooks: {
        onAuthenticating: () => this.setState('authenticating'),
        onNotification: (connection, method, params) => {
          if (this.current === connection) host.notification(method, params);
          else if (method === 'collection_update' && (params as { collection?: unknown } | null)?.collection === 'failover.status')
            this.standbyWatches.get(connection)?.();
        },
        onClose: (connection, info) => this.closedUnderneath(connection, info),
      },
    });
    this.driver.checkCredentials(this.credentials, 'auth');
    this.connector = new Connector({
      candidates: options.candidates,
      logger,
      reconnect: options.reconnect === false ? { maxAttempts: 1, afterDrop: false } : options.reconnect,
      masterWait: options.masterWait,
      open: (candidate, signal) =>
        this.driver.open({
          address: candidate.address,
          credentials: this.credentials,
          version: this.version,
          setVersion: (version) => {
            this.version = version;
          },
          signal,
        }),
      onAttemptFailed: (error) => {
        this.lastConnectError = error;
      },
      patient: () => this.identity !== undefined || options.candidates.length > 1,
      watchStatus: (connection, changed) => this.watchStatus(connection, changed),
    });
  }

  get state(): ClientState {
    return this.clientState;
  }

  /** Resolves once a connection is ready; rejects on a fatal error, `timeout` or `signal`. */
  connect(options: CallOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    if (options === null || typeof options !== 'object')
      return Promise.reject(new TypeError('connect: options must be an object like { timeout, signal }'));
    const timeout = options.timeout ?? this.options.timeout;
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0)
      return Promise.reject(new TypeError('connect: options.timeout must be a number of milliseconds (0 or Infinity for none)'));
    const badSignal = signalProblem('connect', options.signal);
    if (badSignal) return Promise.reject(badSignal);
    if (this.current) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: ReadyWaiter = {
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      const onAbort = () => waiter.reject(new AbortedError('connect', options.signal?.reason));
      const timer =
        Number.isFinite(timeout) && timeout > 0
          ? setTimeout(() => {
              const last = this.lastConnectError;
              const why = last instanceof Error ? `; last attempt: ${last.message}` : '';
              waiter.reject(new TimeoutError('connect', timeout, false, `Could not connect and log in within ${timeout} ms${why}`, last));
            }, timeout)
          : undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.readyWaiters.delete(waiter);
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.readyWaiters.add(waiter);
      this.request();
    });
  }

  /** Starts looking for a connection unless there is one, or a search is under way. */
  request(): void {
    if (this.closed || this.current || this.loop) return;
    this.loop = this.search().finally(() => {
      this.loop = undefined;
      // The connection found closed before it could be used: look again.
      if (this.restartLoop) {
        this.restartLoop = false;
        this.request();
      }
    });
  }

  /** Stops using `connection` (it is not the active controller any more): new calls wait for the next one. */
  release(connection: Connection): void {
    if (this.current !== connection) return;
    this.current = undefined;
    this.droppedAt = Date.now();
    this.host.released();
  }

  /** Ends the lifecycle: the search stops, `connect()` waiters reject, every connection closes. */
  async close(error: unknown): Promise<void> {
    this.closed = true;
    this.loopAbort?.abort(error);
    for (const waiter of [...this.readyWaiters]) waiter.reject(error);
    const connection = this.current;
    this.current = undefined;
    connection?.close('client closed');
    this.driver.close();
    await this.loop?.catch(() => {});
    this.setState('closed');
    this.events.clear();
  }

  private setState(state: ClientState): void {
    if (this.clientState === state || this.clientState === 'closed') return;
    this.clientState = state;
    this.logger.debug(`state: ${state}`);
    this.events.emit('state', state);
  }

  private async search(): Promise<void> {
    this.setState(this.identity ? 'reconnecting' : 'connecting');
    const abort = new AbortController();
    this.loopAbort = abort;
    try {
      if (!this.credentialsLoaded) {
        this.credentials = await credentialsFromEnv();
        this.driver.checkCredentials(this.credentials, 'TRUENAS_API_KEY');
        this.credentialsLoaded = true;
      }
      const connection = await this.connector.establish(abort.signal, this.droppedAt);
      if (this.closed) {
        connection.close('client closed');
        return;
      }
      this.lastConnectError = undefined;
      this.adopt(connection);
    } catch (error) {
      if (this.closed) return;
      this.logger.error('cannot connect', error);
      this.setState('idle');
      for (const waiter of [...this.readyWaiters]) waiter.reject(error);
      this.host.failed(error);
    }
  }

  /**
   * Subscribes to `failover.status` on a standby the connector keeps (not the current connection,
   * whose events go to the client's subscriptions): see KeptStandby.
   */
  private async watchStatus(connection: Connection, changed: () => void): Promise<(() => void) | undefined> {
    if (!this.driver.pushesEvents || !connection.loggedIn) return undefined;
    this.standbyWatches.set(connection, changed);
    let id: unknown;
    try {
      id = await connection.call('core.subscribe', ['failover.status'], { priority: true });
    } catch (error) {
      this.standbyWatches.delete(connection);
      this.logger.debug(`cannot watch failover.status on ${connection.url}; asking it every round instead`, error);
      return undefined;
    }
    this.logger.debug(`watching failover.status on the standby ${connection.url}`);
    return () => {
      this.standbyWatches.delete(connection);
      if (connection.open) connection.call('core.unsubscribe', [id], { priority: true }).catch(() => {});
    };
  }

  /** A connection is ready: make it current, tell listeners, then the host. */
  private adopt(connection: Connection): void {
    const previous = this.identity;
    if (!connection.open) {
      // It closed between login and now; go round again once this search has ended.
      this.logger.info(`connection to ${connection.url} closed before use; connecting again`);
      this.restartLoop = true;
      return;
    }
    this.current = connection;
    this.droppedAt = undefined;
    this.identity = connection.identity;
    this.setState('ready');
    this.events.emit('connected', connection.identity);
    const change = previous ? failoverBetween(previous, connection.identity) : undefined;
    if (change) {
      const now = connection.identity.node ? `node ${connection.identity.node}` : connection.identity.url;
      this.logger.info(
        change.nodeChanged
          ? `now connected to ${now} (was node ${previous?.node})`
          : `now connected to ${now} again; it rebooted (new boot id)`,
      );
      this.events.emit('failover', change);
    }
    for (const waiter of [...this.readyWaiters]) waiter.resolve();
    this.host.adopted(connection);
  }

  /** The driver says a connection can no longer carry calls (socket closed, or a request got no answer). */
  private closedUnderneath(connection: Connection, info: CloseInfo): void {
    if (this.current !== connection) return;
    this.current = undefined;
    this.droppedAt = Date.now();
    this.host.released();
    this.logger.info(`connection to ${connection.url} closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''})`);
    this.events.emit('disconnected', { url: connection.url, code: info.code, reason: info.reason });
    if (this.closed) return;
    if (this.options.reconnect !== false) this.request();
    else {
      this.setState('idle');
      this.host.stranded(
        new ConnectionClosedError(`The connection to ${connection.url} closed and reconnect is disabled; jobs can no longer be followed.`),
      );
    }
  }
}
