/**
 * The WebSocket client: owns the connection lifecycle (connect lazily, reconnect with backoff,
 * follow the active controller), and ties together the call pipeline, event subscriptions and
 * job tracking. `createClient()` returns one of these, typed by API version.
 */
import { type Credentials, credentialsFromEnv, normaliseAuth, secretsOf } from '../auth/credentials.js';
import { ScramKeyCache } from '../auth/scram-client.js';
import { AbortedError } from '../errors/aborted-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { EventHub } from '../events/event-hub.js';
import { type EventIteratorOptions, eventIterator } from '../events/event-iterator.js';
import type { EventListener, EventMessage, SubscribeOptions, Subscription } from '../events/types.js';
import { type ApiVersion, apiDescription, LATEST_API_VERSION } from '../generated/index.js';
import type { JobOrigin } from '../jobs/job-handle.js';
import { JobTracker } from '../jobs/job-tracker.js';
import { HttpClient } from '../transport/rest/http.js';
import type { UpdateImage } from '../transport/upload/image.js';
import type { CloseInfo, WebSocketRpc } from '../transport/websocket-rpc.js';
import type { ApiDescription } from '../types/api-description.js';
import type { CallOptions } from '../types/call-options.js';
import { Emitter } from '../util/emitter.js';
import { createLogger, type InternalLogger } from '../util/logger.js';
import { SlidingWindowLimiter } from '../util/rate-limit.js';
import { ActiveControllerWatch } from './active-controller-watch.js';
import { type Candidate, candidatesFrom } from './addresses.js';
import { type Answer, CallPipeline } from './call-pipeline.js';
import { Connector } from './connector.js';
import { type ControllerIdentity, failoverBetween } from './identity.js';
import { namespaceProxy, splitArguments } from './namespaces.js';
import { type ClientOptions, DEFAULTS } from './options.js';
import { describeMethod, isJobMethod } from './retry-policy.js';
import type { Session, SessionContext } from './session.js';
import type { ClientEvents, ClientState, ClientStats } from './types.js';
import { startUpload, type UploadHost } from './upload.js';
import { fixedVersion } from './version.js';

interface ReadyWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class TrueNasClient {
  private readonly logger: InternalLogger;
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly candidates: Candidate[];
  private readonly pipeline: CallPipeline;
  private readonly hub: EventHub;
  private readonly jobs: JobTracker;
  private readonly connector: Connector;
  private readonly context: SessionContext;
  private readonly typedDescription: ApiDescription;
  private readonly timeout: number;
  private readonly reconnect: boolean;
  private credentials: Credentials | undefined;
  private credentialsLoaded: boolean;
  private version: ApiVersion | undefined;
  private current: Session | undefined;
  private identity: ControllerIdentity | undefined;
  private clientState: ClientState = 'idle';
  private loop: Promise<void> | undefined;
  private loopAbort: AbortController | undefined;
  private readonly readyWaiters = new Set<ReadyWaiter>();
  private closing: Promise<void> | undefined;
  private readonly activeWatch: ActiveControllerWatch;
  private lastConnectError: unknown;
  private restartLoop = false;
  private readonly uploads: UploadHost;
  private uploadHttp: HttpClient | undefined;
  private readonly closeAbort = new AbortController();

  constructor(options: ClientOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('createClient: options must be an object');
    this.candidates = candidatesFrom(options);
    this.version = fixedVersion(
      options.apiVersion,
      this.candidates.map((c) => c.address),
    );
    this.typedDescription = apiDescription(this.version ?? LATEST_API_VERSION);
    const validate = options.validate ?? 'args';
    if (!['args', 'all', 'off'].includes(validate)) throw new TypeError("createClient: validate must be 'args', 'all' or 'off'");
    this.timeout = positive(options.timeout, DEFAULTS.timeout, 'timeout');
    this.reconnect = options.reconnect !== false;
    if (options.auth === null) {
      this.credentials = undefined;
      this.credentialsLoaded = true;
    } else if (options.auth !== undefined) {
      this.credentials = normaliseAuth(options.auth);
      this.credentialsLoaded = true;
    } else {
      this.credentialsLoaded = options.env === false;
    }
    this.logger = createLogger(options.logger, () => secretsOf(this.credentials));
    const keepAlive =
      options.keepAlive === false
        ? false
        : {
            interval: positive(options.keepAlive?.interval, DEFAULTS.keepAlive.interval, 'keepAlive.interval'),
            timeout: positive(options.keepAlive?.timeout, DEFAULTS.keepAlive.timeout, 'keepAlive.timeout'),
          };
    const connectTimeout = positive(options.connectTimeout, DEFAULTS.connectTimeout, 'connectTimeout');
    const maxInFlight = Math.min(20, Math.max(1, Math.floor(options.maxInFlight ?? DEFAULTS.maxInFlight)));
    const maxQueue = Math.max(0, Math.floor(options.maxQueue ?? DEFAULTS.maxQueue));
    this.context = {
      credentials: this.credentials,
      allowInsecure: options.allowInsecure === true,
      tls: options.tls,
      WebSocket: options.WebSocket,
      connectTimeout,
      // An address that does not even complete a handshake (a VIP nobody holds, a partition) should
      // not hold up trying the others for long.
      handshakeTimeout: this.candidates.length > 1 ? Math.min(connectTimeout, 3000) : Math.min(connectTimeout, 10_000),
      maxInFlight,
      maxQueue,
      keepAlive,
      logger: this.logger,
      limiter: new SlidingWindowLimiter(
        Math.max(1, Math.floor(options.rateLimit?.limit ?? DEFAULTS.rateLimit.limit)),
        positive(options.rateLimit?.windowMs, DEFAULTS.rateLimit.windowMs, 'rateLimit.windowMs'),
      ),
      scramCache: new ScramKeyCache(),
      mechanisms: { value: undefined, read: false },
      onAuthenticating: () => this.setState('authenticating'),
      onNotification: (rpc, method, params) => {
        if (this.current?.rpc === rpc) this.hub.handleNotification(method, params);
      },
      onClose: (rpc, info) => this.onConnectionClosed(rpc, info),
    };
    this.pipeline = new CallPipeline({
      logger: this.logger,
      isClosed: () => this.closing !== undefined,
      reconnects: () => this.reconnect,
      session: () => this.current,
      requestConnection: () => this.requestConnection(),
      description: () => (this.version ? apiDescription(this.version) : undefined),
      validate,
      maxQueue,
      defaultTimeout: this.timeout,
      onStandbyRefusal: (session, error) => this.activeWatch.refused(session, error),
    });
    this.hub = new EventHub({
      logger: this.logger,
      currentTransport: () => this.current?.rpc,
      requestConnection: () => this.requestConnection(),
      validateEvent: (name, msg, fields) => (validate === 'all' ? this.validateEvent(name, msg, fields) : undefined),
      defaultTimeout: this.timeout,
    });
    this.activeWatch = new ActiveControllerWatch({
      logger: this.logger,
      hub: this.hub,
      addresses: this.candidates.length,
      loggedIn: () => this.credentials !== undefined,
      current: () => this.current,
      release: (session) => {
        if (this.current !== session) return;
        this.current = undefined;
        this.hub.detach();
      },
      requestConnection: () => this.requestConnection(),
    });
    this.jobs = new JobTracker({
      logger: this.logger,
      hub: this.hub,
      currentOrigin: () => this.origin(this.current),
      call: async (method, params, callOptions, internal) => {
        const answer = await this.pipeline.call(method, params, callOptions ?? {}, { internal });
        return { result: answer.result, origin: this.origin(answer.session) };
      },
      defaultTimeout: this.timeout,
    });
    this.connector = new Connector({
      candidates: this.candidates,
      logger: this.logger,
      reconnect: options.reconnect === false ? { maxAttempts: 1 } : (options.reconnect ?? {}),
      masterWait: positive(options.masterWait, DEFAULTS.masterWait, 'masterWait'),
      context: this.context,
      getVersion: () => this.version,
      setVersion: (version) => {
        this.version = version;
      },
      onAttemptFailed: (error) => {
        this.lastConnectError = error;
      },
    });
    this.uploads = {
      jobs: this.jobs,
      connect: (o) => this.connect(o),
      call: (method, params, o) => this.pipeline.call(method, params, o, { internal: true }),
      credentials: () => this.credentials,
      allowInsecure: this.context.allowInsecure,
      validate,
      http: () => {
        this.uploadHttp ??= new HttpClient(this.context.tls);
        return this.uploadHttp;
      },
      origin: (session) => this.origin(session),
      defaultTimeout: this.timeout,
      closed: this.closeAbort.signal,
    };
    // The generated namespaces: auth.*, core.*, failover.* (and any other top-level name used).
    for (const name of ['auth', 'core', 'failover']) {
      Object.defineProperty(this, name, { value: namespaceProxy([name], (method, raw) => this.invoke(method, raw)), enumerable: false });
    }
  }

  get state(): ClientState {
    return this.clientState;
  }

  get apiVersion(): ApiVersion | undefined {
    return this.version;
  }

  get controller(): ControllerIdentity | undefined {
    return this.current?.identity;
  }

  connect(options: CallOptions = {}): Promise<void> {
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    if (this.current) return Promise.resolve();
    const timeout = options.timeout ?? this.timeout;
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
    if (isJobMethod(this.typedDescription, method)) return this.jobs.start(method, [...params], options);
    return this.pipeline.call(method, params, options).then((answer) => answer.result);
  }

  /** A job method that takes a file (`failover.upgrade` with an update image), through `POST /_upload`. */
  upload(method: string, params: readonly unknown[], image: UpdateImage, options: CallOptions = {}): unknown {
    // A closed client refuses in `connect()`; the Job rejects with ConnectionClosedError.
    return startUpload(this.uploads, () => this.current, method, params, image, options);
  }

  /** What the client holds now: calls not settled, the connection's queues, followed jobs, subscriptions. */
  stats(): ClientStats {
    const rpc = this.current?.rpc;
    return {
      state: this.clientState,
      calls: { pending: this.pipeline.pendingCount, waitingForConnection: this.pipeline.waitingCount },
      connection: rpc ? { inFlight: rpc.inFlightCount, queued: rpc.queuedCount } : null,
      jobs: this.jobs.stats(),
      events: this.hub.stats(),
    };
  }

  subscribe(event: string, listener: EventListener<unknown>, options: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    return this.hub.add(event, listener, options);
  }

  events(event: string, options: EventIteratorOptions = {}): AsyncIterableIterator<EventMessage<unknown>> {
    return eventIterator(this.hub, event, options);
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
      const session = this.current;
      this.current = undefined;
      session?.rpc.close('client closed');
      this.uploadHttp?.close();
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
    const arity = describeMethod(this.typedDescription, method)?.arguments.length;
    const { args, options } = splitArguments(raw, arity);
    return this.call(method, args, options ?? {});
  }

  private setState(state: ClientState): void {
    if (this.clientState === state || this.clientState === 'closed') return;
    this.clientState = state;
    this.logger.debug(`state: ${state}`);
    this.emitter.emit('state', state);
  }

  private origin(session: Session | undefined): JobOrigin | undefined {
    if (!session) return undefined;
    return { url: session.identity.url, node: session.identity.node, bootId: session.identity.bootId };
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
        this.context.credentials = this.credentials;
        this.credentialsLoaded = true;
      }
      const session = await this.connector.establish(abort.signal);
      if (this.closing) {
        session.rpc.close('client closed');
        return;
      }
      this.lastConnectError = undefined;
      this.adopt(session);
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
  private adopt(session: Session): void {
    const previous = this.identity;
    if (!session.rpc.open) {
      // It closed between login and now; go round again once this loop has ended.
      this.logger.info(`connection to ${session.rpc.url} closed before use; connecting again`);
      this.restartLoop = true;
      return;
    }
    this.current = session;
    this.identity = session.identity;
    this.setState('ready');
    this.emitter.emit('connected', session.identity);
    const change = previous ? failoverBetween(previous, session.identity) : undefined;
    if (change) {
      const now = session.identity.node ? `node ${session.identity.node}` : session.identity.url;
      this.logger.info(
        change.nodeChanged
          ? `now connected to ${now} (was node ${previous?.node})`
          : `now connected to ${now} again; it rebooted (new boot id)`,
      );
      this.emitter.emit('failover', change);
    }
    for (const waiter of [...this.readyWaiters]) waiter.resolve();
    this.pipeline.flush(session);
    void this.hub.attach(session.rpc).finally(() => {
      if (this.current === session) this.jobs.reattach(this.origin(session));
    });
    this.activeWatch.start();
  }

  private onConnectionClosed(rpc: WebSocketRpc, info: CloseInfo): void {
    if (this.current?.rpc !== rpc) return;
    this.current = undefined;
    this.hub.detach();
    this.logger.info(`connection to ${rpc.url} closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''})`);
    this.emitter.emit('disconnected', { url: rpc.url, code: info.code, reason: info.reason });
    if (this.closing) return;
    if (this.reconnect) this.requestConnection();
    else {
      this.setState('idle');
      this.jobs.failAll(
        new ConnectionClosedError(`The connection to ${rpc.url} closed and reconnect is disabled; jobs can no longer be followed.`),
      );
    }
  }

  private validateEvent(name: string, msg: string, fields: unknown) {
    const description = this.version ? apiDescription(this.version) : undefined;
    const validator = description?.events[name]?.fields[msg];
    if (!validator) return undefined;
    const check = validator.safeParse(fields);
    if (check.success) return undefined;
    return check.error.issues.map((i) => ({ attribute: ['fields', ...i.path.map(String)].join('.'), message: i.message, errno: 22 }));
  }
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0)
    throw new TypeError(`createClient: ${field} must be a positive number of milliseconds`);
  return value;
}

export type { Answer };
