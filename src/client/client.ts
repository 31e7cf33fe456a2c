/**
 * The client: one class for both transports. It owns the connection lifecycle (connect lazily,
 * find the active controller, reconnect with back-off, follow a failover) and ties together the
 * call pipeline, event subscriptions, job tracking and uploads. The driver it is built with
 * (WebSocket or REST, src/transport/) turns an address into a ready connection; nothing here
 * depends on which one it is beyond what the driver says it can do (push events or not).
 */
import { type Credentials, credentialsFromEnv, secretsOf } from '../auth/credentials.js';
import { AbortedError } from '../errors/aborted-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { EventHub } from '../events/event-hub.js';
import { type EventIteratorOptions, eventIterator } from '../events/event-iterator.js';
import type { EventListener, EventMessage, SubscribeOptions, Subscription } from '../events/types.js';
import { EventJobFeed, type JobPollingOptions, PollJobFeed } from '../jobs/job-feeds.js';
import type { JobOrigin } from '../jobs/job-handle.js';
import { JobTracker } from '../jobs/job-tracker.js';
import type { CloseInfo, Connection, Driver, DriverSetup } from '../transport/connection.js';
import type { UpdateImage } from '../transport/upload/image.js';
import type { ApiDescription, MethodDescription } from '../types/api-description.js';
import type { ApiRegistry } from '../types/api-registry.js';
import type { CallOptions } from '../types/call-options.js';
import { Emitter } from '../util/emitter.js';
import { createLogger, type InternalLogger } from '../util/logger.js';
import { ActiveControllerWatch } from './active-controller-watch.js';
import { CallPipeline } from './call-pipeline.js';
import { Connector } from './connector.js';
import { type ControllerIdentity, failoverBetween } from './identity.js';
import { namespaceProxy, splitArguments } from './namespaces.js';
import { type ClientOptions, DEFAULTS, type ResolvedOptions, resolveOptions } from './options.js';
import { type PollOptions, pollIterator } from './poll.js';
import { describeMethod } from './retry-policy.js';
import type { ClientEvents, ClientState, ClientStats } from './types.js';
import { upload } from './upload.js';

/** The transport a client is built over: its name and how to make its driver. */
export interface TransportChoice {
  kind: 'websocket' | 'rest';
  driver(setup: DriverSetup): Driver;
}

interface ReadyWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class TrueNasClient {
  private readonly options: ResolvedOptions;
  private readonly logger: InternalLogger;
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly driver: Driver;
  private readonly pipeline: CallPipeline;
  private readonly hub: EventHub;
  private readonly jobs: JobTracker;
  private readonly connector: Connector;
  private readonly activeWatch: ActiveControllerWatch;
  /** The version a client types itself with until the server's is known. */
  private readonly defaultVersion: string;
  private credentials: Credentials | undefined;
  private credentialsLoaded: boolean;
  private version: string | undefined;
  private current: Connection | undefined;
  private identity: ControllerIdentity | undefined;
  private clientState: ClientState = 'idle';
  private loop: Promise<void> | undefined;
  private loopAbort: AbortController | undefined;
  private readonly readyWaiters = new Set<ReadyWaiter>();
  private closing: Promise<void> | undefined;
  private lastConnectError: unknown;
  private restartLoop = false;
  private readonly closeAbort = new AbortController();

  constructor(
    options: ClientOptions & { jobPolling?: JobPollingOptions },
    private readonly api: ApiRegistry,
    transport: TransportChoice,
  ) {
    const o = resolveOptions(options, api, transport.kind === 'rest');
    this.options = o;
    this.version = o.version;
    this.credentials = o.credentials.value;
    this.credentialsLoaded = o.credentials.loaded;
    const hasRest = (v: string) => api.describe(v)?.rest === true;
    this.defaultVersion = (transport.kind === 'rest' ? api.versions.filter(hasRest) : api.versions).at(-1)!;
    this.logger = createLogger(options.logger, () => secretsOf(this.credentials));
    this.driver = transport.driver({
      api,
      logger: this.logger,
      tls: options.tls,
      allowInsecure: o.allowInsecure,
      connectTimeout: o.connectTimeout,
      handshakeTimeout: o.handshakeTimeout,
      maxInFlight: DEFAULTS.maxInFlight,
      maxQueue: o.maxQueue,
      hooks: {
        onAuthenticating: () => this.setState('authenticating'),
        onNotification: (connection, method, params) => {
          if (this.current === connection) this.hub.handleNotification(method, params);
        },
        onClose: (connection, info) => this.onConnectionClosed(connection, info),
      },
    });
    this.driver.checkCredentials(this.credentials, 'auth');
    this.pipeline = new CallPipeline({
      logger: this.logger,
      isClosed: () => this.closing !== undefined,
      reconnects: () => o.reconnect !== false,
      connection: () => this.current,
      requestConnection: () => this.requestConnection(),
      method: (name) => this.methodInUse(name),
      anyMethod: (name) => describeMethod(api, this.version ? api.describe(this.version) : undefined, name),
      validate: o.validate,
      maxQueue: o.maxQueue,
      defaultTimeout: o.timeout,
      onStandbyRefusal: (connection, error) => this.activeWatch.refused(connection, error),
    });
    this.hub = new EventHub({
      logger: this.logger,
      currentTransport: () => (this.driver.pushesEvents ? this.current : undefined),
      requestConnection: () => this.requestConnection(),
      validateEvent: (name, msg, fields) => (o.validate === 'all' ? this.validateEvent(name, msg, fields) : undefined),
      defaultTimeout: o.timeout,
    });
    this.activeWatch = new ActiveControllerWatch({
      logger: this.logger,
      hub: this.hub,
      addresses: o.candidates.length,
      loggedIn: () => this.credentials !== undefined,
      pushesEvents: this.driver.pushesEvents,
      current: () => this.current,
      release: (connection) => {
        if (this.current !== connection) return;
        this.current = undefined;
        this.hub.detach();
      },
      requestConnection: () => this.requestConnection(),
    });
    const host = {
      logger: this.logger,
      defaultTimeout: o.timeout,
      currentOrigin: () => this.origin(this.current),
      call: async (method: string, params: unknown[], callOptions: CallOptions | undefined, internal: boolean) => {
        const answer = await this.pipeline.call(method, params, callOptions ?? {}, { internal });
        return { result: answer.result, origin: this.origin(answer.connection) };
      },
    };
    this.jobs = new JobTracker(host, (tracker) =>
      this.driver.pushesEvents ? new EventJobFeed(tracker, this.hub, this.logger, o.timeout) : new PollJobFeed(tracker, o.jobPolling),
    );
    this.connector = new Connector({
      candidates: o.candidates,
      logger: this.logger,
      reconnect: o.reconnect === false ? { maxAttempts: 1 } : o.reconnect,
      masterWait: o.masterWait,
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
    });
    // The generated namespaces: auth.*, core.*, failover.* (and any other top-level name used).
    for (const name of ['auth', 'core', 'failover']) {
      Object.defineProperty(this, name, { value: namespaceProxy([name], (method, raw) => this.invoke(method, raw)), enumerable: false });
    }
  }

  /** `websocket` or `rest`. */
  get transport(): 'websocket' | 'rest' {
    return this.driver.kind;
  }

  get state(): ClientState {
    return this.clientState;
  }

  get apiVersion(): string | undefined {
    return this.version;
  }

  get controller(): ControllerIdentity | undefined {
    return this.current?.identity;
  }

  connect(options: CallOptions = {}): Promise<void> {
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    if (this.current) return Promise.resolve();
    const timeout = options.timeout ?? this.options.timeout;
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
      this.requestConnection();
    });
  }

  call(method: string, params: readonly unknown[] = [], options: CallOptions = {}): unknown {
    if (typeof method !== 'string' || method === '')
      return Promise.reject(new TypeError('call: the method name must be a non-empty string'));
    if (!Array.isArray(params)) return Promise.reject(new TypeError(`call ${method}: params must be an array of positional arguments`));
    if (this.typedMethod(method)?.job) return this.jobs.start(method, [...params], options);
    return this.pipeline.call(method, params, options).then((answer) => answer.result);
  }

  /** A job method that takes a file (`failover.upgrade` with an update image), through `POST /_upload`. */
  upload(method: string, params: readonly unknown[], image: UpdateImage, options: CallOptions = {}): unknown {
    // A closed client refuses in `connect()`; the Job rejects with ConnectionClosedError.
    const host = {
      ready: async (o: CallOptions) => {
        await this.connect(o);
        if (!this.current) throw new ConnectionClosedError(`${method} was not sent: the connection closed before the upload could start.`);
        return this.current;
      },
      call: (m: string, p: unknown[], o: CallOptions) => this.pipeline.call(m, p, o, { internal: true }),
      credentials: () => this.credentials,
      method: (version: string, name: string) => this.api.describe(version)?.methods[name],
      allowInsecure: this.options.allowInsecure,
      validate: this.options.validate,
      http: this.driver.http,
      origin: (connection: Connection | undefined) => this.origin(connection),
      defaultTimeout: this.options.timeout,
      closed: this.closeAbort.signal,
    };
    return this.jobs.startWith(String(method), options ?? {}, () => upload(host, method, params, image, options));
  }

  /** What the client holds now: calls not settled, the connection's queues, followed jobs, subscriptions. */
  stats(): ClientStats {
    const connection = this.current;
    return {
      state: this.clientState,
      calls: { pending: this.pipeline.pendingCount, waitingForConnection: this.pipeline.waitingCount },
      connection: connection ? { inFlight: connection.inFlightCount, queued: connection.queuedCount } : null,
      jobs: this.jobs.stats(),
      events: this.hub.stats(),
    };
  }

  subscribe(event: string, listener: EventListener<unknown>, options: SubscribeOptions = {}): Promise<Subscription> {
    if (!this.driver.pushesEvents) return Promise.reject(this.noEvents(`subscribe('${String(event)}')`));
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    return this.hub.add(event, listener, options);
  }

  events(event: string, options: EventIteratorOptions = {}): AsyncIterableIterator<EventMessage<unknown>> {
    if (!this.driver.pushesEvents) throw this.noEvents(`events('${String(event)}')`);
    return eventIterator(this.hub, event, options);
  }

  /**
   * Calls `method` every `interval` ms and yields its result when it changed, until `signal`
   * aborts or the loop breaks: REST's stand-in for events (it works over WebSocket too).
   */
  poll(method: string, options: PollOptions = {}): AsyncIterableIterator<unknown> {
    return pollIterator((m, args, callOptions) => this.call(m, args, callOptions) as Promise<unknown>, method, options);
  }

  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  once<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.emitter.once(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): void {
    this.emitter.off(event, listener);
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    const error = new ConnectionClosedError('The client was closed.');
    this.closing = (async () => {
      this.loopAbort?.abort(error);
      this.closeAbort.abort(error);
      this.pipeline.failWaiting(error);
      this.jobs.close(error);
      this.hub.clear(error);
      for (const waiter of [...this.readyWaiters]) waiter.reject(error);
      const connection = this.current;
      this.current = undefined;
      connection?.close('client closed');
      this.driver.close();
      await this.loop?.catch(() => {});
      this.setState('closed');
      this.emitter.clear();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ----

  /** A namespace method was called: split its arguments, start a job or make the call. */
  private invoke(method: string, raw: unknown[]): unknown {
    const { args, options } = splitArguments(raw, this.typedMethod(method)?.arguments.length);
    return this.call(method, args, options ?? {});
  }

  /** The method as the client is typed: in the version in use (or the default one), else any known version. */
  private typedMethod(name: string): MethodDescription | undefined {
    return describeMethod(this.api, this.api.describe(this.version ?? this.defaultVersion), name);
  }

  /** The method in the version in use, once known. */
  private methodInUse(name: string): MethodDescription | undefined {
    const description: ApiDescription | undefined = this.version ? this.api.describe(this.version) : undefined;
    return description && Object.hasOwn(description.methods, name) ? description.methods[name] : undefined;
  }

  private noEvents(what: string): NotSupportedByTransportError {
    return new NotSupportedByTransportError(
      what,
      'REST',
      'TrueNAS pushes events only over WebSocket. Poll instead, e.g. client.poll("failover.config", { interval: 5000, signal }), or use a WebSocket client (wss://)',
    );
  }

  private setState(state: ClientState): void {
    if (this.clientState === state || this.clientState === 'closed') return;
    this.clientState = state;
    this.logger.debug(`state: ${state}`);
    this.emitter.emit('state', state);
  }

  private origin(connection: Connection | undefined): JobOrigin | undefined {
    if (!connection) return undefined;
    return { url: connection.identity.url, node: connection.identity.node, bootId: connection.identity.bootId };
  }

  private requestConnection(): void {
    if (this.closing || this.current || this.loop) return;
    this.loop = this.runConnectLoop().finally(() => {
      this.loop = undefined;
      // The connection found closed before it could be used: look again.
      if (this.restartLoop) {
        this.restartLoop = false;
        this.requestConnection();
      }
    });
  }

  private async runConnectLoop(): Promise<void> {
    this.setState(this.identity ? 'reconnecting' : 'connecting');
    const abort = new AbortController();
    this.loopAbort = abort;
    try {
      if (!this.credentialsLoaded) {
        this.credentials = await credentialsFromEnv();
        this.driver.checkCredentials(this.credentials, 'TRUENAS_API_KEY');
        this.credentialsLoaded = true;
      }
      const connection = await this.connector.establish(abort.signal);
      if (this.closing) {
        connection.close('client closed');
        return;
      }
      this.lastConnectError = undefined;
      this.adopt(connection);
    } catch (error) {
      if (this.closing) return;
      this.logger.error('cannot connect', error);
      this.setState('idle');
      for (const waiter of [...this.readyWaiters]) waiter.reject(error);
      this.pipeline.failWaiting(error);
      this.jobs.failAll(error);
    }
  }

  /** A connection is ready: make it current, tell listeners, send what waited, restore subscriptions and jobs. */
  private adopt(connection: Connection): void {
    const previous = this.identity;
    if (!connection.open) {
      // It closed between login and now; go round again once this loop has ended.
      this.logger.info(`connection to ${connection.url} closed before use; connecting again`);
      this.restartLoop = true;
      return;
    }
    this.current = connection;
    this.identity = connection.identity;
    this.setState('ready');
    this.emitter.emit('connected', connection.identity);
    const change = previous ? failoverBetween(previous, connection.identity) : undefined;
    if (change) {
      const now = connection.identity.node ? `node ${connection.identity.node}` : connection.identity.url;
      this.logger.info(
        change.nodeChanged
          ? `now connected to ${now} (was node ${previous?.node})`
          : `now connected to ${now} again; it rebooted (new boot id)`,
      );
      this.emitter.emit('failover', change);
    }
    for (const waiter of [...this.readyWaiters]) waiter.resolve();
    this.pipeline.flush(connection);
    void this.hub.attach(connection).finally(() => {
      if (this.current === connection) this.jobs.reattach(this.origin(connection));
    });
    this.activeWatch.start();
  }

  private onConnectionClosed(connection: Connection, info: CloseInfo): void {
    if (this.current !== connection) return;
    this.current = undefined;
    this.hub.detach();
    this.logger.info(`connection to ${connection.url} closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''})`);
    this.emitter.emit('disconnected', { url: connection.url, code: info.code, reason: info.reason });
    if (this.closing) return;
    if (this.options.reconnect !== false) this.requestConnection();
    else {
      this.setState('idle');
      this.jobs.failAll(
        new ConnectionClosedError(`The connection to ${connection.url} closed and reconnect is disabled; jobs can no longer be followed.`),
      );
    }
  }

  private validateEvent(name: string, msg: string, fields: unknown) {
    const validator = this.version ? this.api.describe(this.version)?.events[name]?.fields[msg] : undefined;
    if (!validator) return undefined;
    const check = validator.safeParse(fields);
    if (check.success) return undefined;
    return check.error.issues.map((i) => ({ attribute: ['fields', ...i.path.map(String)].join('.'), message: i.message, errno: 22 }));
  }
}
