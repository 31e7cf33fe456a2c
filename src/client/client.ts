/**
 * The client: one class for both transports. `createClient` builds it over a driver (WebSocket or
 * REST, src/transport/) that turns an address into a ready connection. It is the client's surface
 * (the generated namespaces, `call`, `upload`, events, `poll`, `stats`, `close`) and ties together
 * the connection lifecycle (lifecycle.ts), the call pipeline (call-pipeline.ts), subscriptions and
 * job tracking. Nothing here depends on the transport beyond what its driver says it can do
 * (push events or not). A call's path: `client.failover.update(…)` → the namespace proxy below →
 * `call` → `CallPipeline.call` → the connection's `call` (websocket-rpc.ts writes the frame).
 */
import { secretsOf } from '../auth/credentials.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { EventHub } from '../events/event-hub.js';
import { type EventIteratorOptions, eventIterator } from '../events/event-iterator.js';
import type { EventListener, EventMessage, SubscribeOptions, Subscription } from '../events/types.js';
import type { followJobs, JobPollingOptions } from '../jobs/job-feeds.js';
import type { JobOrigin } from '../jobs/job-handle.js';
import type { JobFeed, JobTracker, JobTrackerHost } from '../jobs/job-tracker.js';
import type { Connection, Driver, DriverSetup } from '../transport/connection.js';
import type { UpdateImage } from '../transport/upload/image.js';
import type { ApiDescription, MethodDescription } from '../types/api-description.js';
import type { ApiRegistry } from '../types/api-registry.js';
import type { CallOptions } from '../types/call-options.js';
import { createLogger, type InternalLogger } from '../util/logger.js';
import { ActiveControllerWatch } from './active-controller-watch.js';
import { CallPipeline } from './call-pipeline.js';
import type { ControllerIdentity } from './identity.js';
import { Lifecycle } from './lifecycle.js';
import { type ClientOptions, DEFAULTS, type ResolvedOptions, resolveOptions } from './options.js';
import { type PollOptions, pollIterator } from './poll.js';
import { issuesOfEvent } from './result-validation.js';
import { describeMethod } from './retry-policy.js';
import type { ClientEvents, ClientState, ClientStats } from './types.js';
import type { upload } from './upload.js';

/** The transport a client is built over: its name and how to make its driver. */
export type TransportChoice =
  | { kind: 'websocket'; driver(setup: DriverSetup): Driver }
  | {
      kind: 'rest';
      driver(setup: DriverSetup): Driver;
      /** How jobs are followed without events: polled by id (`PollJobFeed`, handed in with the REST driver). */
      pollJobs(tracker: JobTracker, pacing: Required<JobPollingOptions>): JobFeed;
    };

/**
 * How `upload` sends a file (`upload` of ./upload.js). Handed in by the entry, so that a bundle
 * whose client never uploads carries none of that code (the one-version entries add it with
 * `withUploads`).
 */
export type Uploader = typeof upload;

/**
 * How the client follows jobs (`followJobs` of ../jobs/job-feeds.js). Handed in by the entry, like
 * `Uploader`: a one-version entry's client follows jobs once `withJobs` (or `withHa`,
 * `withUploads`) added them, so that a bundle whose app starts no job carries none of that code.
 */
export type FollowJobs = typeof followJobs;

/** What a client without job support reports as its jobs in `stats()`. */
const NO_JOBS = { tracked: 0, starting: 0, recentJobIds: 0, pollTimer: false } as const;

export class TrueNasClient {
  private readonly options: ResolvedOptions;
  /** Set by `enableUploads`; without it `upload` refuses. */
  private uploader: Uploader | undefined;
  private readonly logger: InternalLogger;
  private readonly lifecycle: Lifecycle;
  private readonly pipeline: CallPipeline;
  private readonly hub: EventHub;
  /** Set by `enableJobs`; without it job methods refuse. */
  private jobs: JobTracker | undefined;
  /** What `enableJobs` builds the tracker on. */
  private readonly jobSetup: { host: JobTrackerHost; poll: ((tracker: JobTracker) => JobFeed) | undefined };
  private readonly activeWatch: ActiveControllerWatch;
  /** The version a client types itself with until the server's is known. */
  private readonly defaultVersion: string;
  private closing: Promise<void> | undefined;
  private readonly closeAbort = new AbortController();
  private description: { version: string; value: ApiDescription | undefined } | undefined;

  constructor(
    options: ClientOptions & { jobPolling?: JobPollingOptions },
    private readonly api: ApiRegistry,
    transport: TransportChoice,
  ) {
    const o = resolveOptions(options, api, transport.kind === 'rest');
    this.options = o;
    const hasRest = (v: string) => api.describe(v)?.rest === true;
    this.defaultVersion = (transport.kind === 'rest' ? api.versions.filter(hasRest) : api.versions).at(-1)!;
    this.logger = createLogger(options.logger, () => secretsOf(this.lifecycle?.credentials ?? o.credentials.value));
    const setup = {
      api,
      tls: options.tls,
      allowInsecure: o.allowInsecure,
      connectTimeout: o.connectTimeout,
      handshakeTimeout: o.handshakeTimeout,
      maxInFlight: DEFAULTS.maxInFlight,
      maxQueue: o.maxQueue,
      maxIncomingMessage: o.maxIncomingMessage,
    };
    this.lifecycle = new Lifecycle(o, this.logger, transport.driver, setup, {
      adopted: (connection) => {
        this.pipeline.flush(connection);
        void this.hub.attach(connection).finally(() => {
          if (this.lifecycle.current === connection) this.jobs?.reattach(this.origin(connection));
        });
        this.activeWatch.start();
      },
      released: () => this.hub.detach(),
      notification: (method, params) => this.hub.handleNotification(method, params),
      failed: (error) => {
        this.pipeline.failWaiting(error);
        this.jobs?.failAll(error);
      },
      stranded: (error) => this.jobs?.failAll(error),
    });
    const pushesEvents = this.lifecycle.driver.pushesEvents;
    const requestConnection = () => this.lifecycle.request();
    this.pipeline = new CallPipeline({
      logger: this.logger,
      isClosed: () => this.closing !== undefined,
      reconnects: () => o.reconnect !== false,
      connection: () => this.lifecycle.current,
      requestConnection,
      method: (name) => this.methodInUse(name),
      anyMethod: (name) => describeMethod(api, this.inUse(), name),
      legacyArguments: api.legacyArguments,
      validate: o.validate,
      maxQueue: o.maxQueue,
      defaultTimeout: o.timeout,
      onStandbyRefusal: (connection, error) => this.activeWatch.refused(connection, error),
      lastConnectError: () => this.lifecycle.lastConnectError,
      hooks: o.hooks,
      retry: o.retry,
      secrets: () => secretsOf(this.lifecycle?.credentials ?? o.credentials.value),
    });
    this.hub = new EventHub({
      logger: this.logger,
      currentTransport: () => (pushesEvents ? this.lifecycle.current : undefined),
      requestConnection,
      validateEvent: (name, msg, fields) => (o.validate === 'all' ? issuesOfEvent(this.inUse(), name, msg, fields) : undefined),
      defaultTimeout: o.timeout,
    });
    this.activeWatch = new ActiveControllerWatch({
      logger: this.logger,
      hub: this.hub,
      addresses: o.candidates.length,
      loggedIn: () => this.lifecycle.credentials !== undefined,
      pushesEvents,
      current: () => this.lifecycle.current,
      release: (connection) => this.lifecycle.release(connection),
      requestConnection,
    });
    this.jobSetup = {
      host: {
        logger: this.logger,
        defaultTimeout: o.timeout,
        currentOrigin: () => this.origin(this.lifecycle.current),
        call: async (method, params, callOptions, internal, onSent) => {
          const answer = await this.pipeline.call(method, params, callOptions ?? {}, { internal, onSent });
          return { result: answer.result, origin: this.origin(answer.connection) };
        },
      },
      poll: transport.kind === 'rest' ? (tracker) => transport.pollJobs(tracker, o.jobPolling) : undefined,
    };
    // The generated namespaces: auth.*, core.*, failover.* (and any other top-level name used).
    for (const name of ['auth', 'core', 'failover']) {
      Object.defineProperty(this, name, { value: namespaceProxy([name], (method, raw) => this.invoke(method, raw)), enumerable: false });
    }
  }

  /** `websocket` or `rest`. */
  get transport(): 'websocket' | 'rest' {
    return this.lifecycle.driver.kind;
  }

  get state(): ClientState {
    return this.lifecycle.state;
  }

  get apiVersion(): string | undefined {
    return this.lifecycle.version;
  }

  get controller(): ControllerIdentity | undefined {
    return this.lifecycle.current?.identity;
  }

  connect(options: CallOptions = {}): Promise<void> {
    return this.lifecycle.connect(options);
  }

  call(method: string, params: readonly unknown[] = [], options: CallOptions = {}): unknown {
    if (typeof method !== 'string' || method === '')
      return Promise.reject(new TypeError('call: the method name must be a non-empty string'));
    if (!Array.isArray(params)) return Promise.reject(new TypeError(`call ${method}: params must be an array of positional arguments`));
    if (this.typedMethod(method)?.job) return this.jobTracker(method).start(method, [...params], options);
    return this.pipeline.result(method, params, options);
  }

  /** A job method that takes a file (`failover.upgrade` with an update image), through `POST /_upload`. */
  upload(method: string, params: readonly unknown[], image: UpdateImage, options: CallOptions = {}): unknown {
    const send = this.uploader;
    if (!send) {
      throw new TypeError(
        `upload('${String(method)}'): this client was created without uploads; add them with withUploads(client) from its entry, or use createClient of 'truenas-failover'`,
      );
    }
    // A closed client refuses in `connect()`; the Job rejects with ConnectionClosedError.
    const host = {
      ready: async (o: CallOptions) => {
        await this.connect(o);
        const connection = this.lifecycle.current;
        if (!connection) throw new ConnectionClosedError(`${method} was not sent: the connection closed before the upload could start.`);
        return connection;
      },
      call: (m: string, p: unknown[], o: CallOptions) => this.pipeline.call(m, p, o, { internal: true }),
      credentials: () => this.lifecycle.credentials,
      method: (version: string, name: string) => this.api.describe(version)?.methods[name],
      legacyArguments: this.api.legacyArguments,
      allowInsecure: this.options.allowInsecure,
      validate: this.options.validate,
      http: this.lifecycle.driver.http,
      origin: (connection: Connection | undefined) => this.origin(connection),
      defaultTimeout: this.options.timeout,
      closed: this.closeAbort.signal,
    };
    return this.jobTracker(String(method)).startWith(String(method), options ?? {}, () => send(host, method, params, image, options));
  }

  /**
   * Lets `upload` send files with `uploader` (the entries hand in `upload` of ./upload.js). Not
   * part of the public types: the entries call it (`withUploads`, the main entry's clients).
   */
  enableUploads(uploader: Uploader): void {
    this.uploader ??= uploader;
  }

  /**
   * Lets job methods start and follow jobs with `follow` (the entries hand in `followJobs` of
   * ../jobs/job-feeds.js). Not part of the public types: the entries call it (`withJobs`,
   * `withHa`, `withUploads`, the main entry's clients).
   */
  enableJobs(follow: FollowJobs): void {
    if (this.jobs) return;
    this.jobs = follow(this.jobSetup.host, this.hub, this.jobSetup.poll);
    // Added after close(): its jobs fail at once, as the tracker of a client closed with it does.
    if (this.closing) this.jobs.close(new ConnectionClosedError('The client was closed.'));
  }

  /** What the client holds now: calls not settled, the connection's queues, followed jobs, subscriptions. */
  stats(): ClientStats {
    const connection = this.lifecycle.current;
    return {
      state: this.lifecycle.state,
      calls: { pending: this.pipeline.pendingCount, waitingForConnection: this.pipeline.waitingCount },
      connection: connection ? { inFlight: connection.inFlightCount, queued: connection.queuedCount } : null,
      jobs: this.jobs?.stats() ?? { ...NO_JOBS },
      events: this.hub.stats(),
    };
  }

  subscribe(event: string, listener: EventListener<unknown>, options: SubscribeOptions = {}): Promise<Subscription> {
    if (!this.lifecycle.driver.pushesEvents) return Promise.reject(this.noEvents(`subscribe('${String(event)}')`));
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    return this.hub.add(event, listener, options);
  }

  events(event: string, options: EventIteratorOptions = {}): AsyncIterableIterator<EventMessage<unknown>> {
    if (!this.lifecycle.driver.pushesEvents) throw this.noEvents(`events('${String(event)}')`);
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
    return this.lifecycle.events.on(event, listener);
  }

  once<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.lifecycle.events.once(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): void {
    this.lifecycle.events.off(event, listener);
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    const error = new ConnectionClosedError('The client was closed.');
    this.closeAbort.abort(error);
    this.pipeline.failWaiting(error);
    this.jobs?.close(error);
    this.hub.clear(error);
    const closing = this.lifecycle.close(error);
    this.closing = closing;
    return closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ----

  /** A namespace method was called: split its arguments, start a job or make the call. */
  private invoke(method: string, raw: unknown[]): unknown {
    const described = this.typedMethod(method);
    const { args, options } = splitArguments(raw, described?.arguments.length);
    if (described?.job) return this.jobTracker(method).start(method, args, options ?? {});
    return this.pipeline.result(method, args, options ?? {});
  }

  /** The job tracker, or a TypeError naming what adds it (a lean client without `withJobs`). */
  private jobTracker(method: string): JobTracker {
    if (this.jobs) return this.jobs;
    throw new TypeError(
      `${method} is a job method, and this client was created without jobs; add them with withJobs(client) from its entry, or use createClient of 'truenas-failover'`,
    );
  }

  /** The description of `version`, looked up once per version (calls read it on every call). */
  private described(version: string): ApiDescription | undefined {
    if (this.description?.version !== version) this.description = { version, value: this.api.describe(version) };
    return this.description.value;
  }

  /** The description of the version in use, once known. */
  private inUse(): ApiDescription | undefined {
    return this.lifecycle.version ? this.described(this.lifecycle.version) : undefined;
  }

  /** The method as the client is typed: in the version in use (or the default one), else any known version. */
  private typedMethod(name: string): MethodDescription | undefined {
    const description = this.described(this.lifecycle.version ?? this.defaultVersion);
    return description && Object.hasOwn(description.methods, name) ? description.methods[name] : describeMethod(this.api, undefined, name);
  }

  /** The method in the version in use, once known. */
  private methodInUse(name: string): MethodDescription | undefined {
    const description = this.inUse();
    return description && Object.hasOwn(description.methods, name) ? description.methods[name] : undefined;
  }

  private noEvents(what: string): NotSupportedByTransportError {
    return new NotSupportedByTransportError(
      what,
      'REST',
      'TrueNAS pushes events only over WebSocket. Poll instead, e.g. client.poll("failover.config", { interval: 5000, signal }), or use a WebSocket client (wss://)',
    );
  }

  private origin(connection: Connection | undefined): JobOrigin | undefined {
    if (!connection) return undefined;
    return { url: connection.identity.url, node: connection.identity.node, bootId: connection.identity.bootId };
  }
}

// ---- the generated namespaces ----
// `client.failover.reboot.other_node(...)`: namespaces that mirror the wire names, built lazily
// with proxies so that they exist before the API version is known. The generated `Namespaces`
// types give each method its signature and documentation; at run time every method takes its
// positional arguments followed by optional call options `{ timeout, signal }`.

const CALL_OPTION_KEYS = new Set(['timeout', 'signal', 'abortJobOnSignal']);
// Properties a namespace must not pretend to have: `await client.failover` or JSON.stringify would
// otherwise mistake it for a thenable or serialisable object.
const NOT_NAMESPACES = new Set(['then', 'catch', 'finally', 'toJSON', 'constructor', 'prototype', 'valueOf', 'toString', 'inspect']);

function isCallOptions(value: unknown): value is CallOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((k) => CALL_OPTION_KEYS.has(k));
}

/** Splits raw arguments (an array of the caller's own, taken over) into the positional arguments and the trailing call options. */
function splitArguments(raw: unknown[], arity: number | undefined): { args: unknown[]; options: CallOptions | undefined } {
  let args = raw;
  let options: CallOptions | undefined;
  const n = arity ?? Math.max(0, raw.length - 1);
  if (raw.length === n + 1 && (raw[n] === undefined || isCallOptions(raw[n]))) {
    options = raw[n] as CallOptions | undefined;
    args = raw.slice(0, n);
  }
  // `sync_to_peer(undefined, { timeout })` means "default options", not `null` on the wire.
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { args, options };
}

type Invoke = (method: string, raw: unknown[]) => unknown;

/** A proxy for namespace `path` (e.g. `['failover', 'reboot']`): property access descends, a call invokes. */
function namespaceProxy(path: readonly string[], invoke: Invoke): unknown {
  const children = new Map<string, unknown>();
  const method = path.join('.');
  const target = () => {};
  return new Proxy(target, {
    get(_target, property) {
      if (typeof property !== 'string' || NOT_NAMESPACES.has(property)) return undefined;
      let child = children.get(property);
      if (!child) children.set(property, (child = namespaceProxy([...path, property], invoke)));
      return child;
    },
    has(_target, property) {
      return typeof property === 'string' && !NOT_NAMESPACES.has(property);
    },
    apply(_target, _this, args: unknown[]) {
      return invoke(method, args);
    },
  });
}
