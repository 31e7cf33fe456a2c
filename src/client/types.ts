/** Public types of the client core (the HA helpers and the generated namespaces are added by src/entry/types.ts). */
import type { EventIteratorOptions } from '../events/event-iterator.js';
import type { EventListener, EventMessage, SubscribeOptions, Subscription } from '../events/types.js';
import type { ApiVersion, LatestApiVersion } from '../generated/index.js';
import type { UpdateImage } from '../transport/upload/image.js';
import type { CallOptions } from '../types/call-options.js';
import type { AsyncDisposableLike } from '../types/disposable.js';
import type { Job } from '../types/job.js';
import type { ArgsOf, CallName, EventName, EventOf, JobName, MethodName, ResultOf } from '../types/method-map.js';
import type { ControllerIdentity, FailoverEvent } from './identity.js';

/** Connection state, observable with `client.on('state', …)`. */
export type ClientState = 'idle' | 'connecting' | 'authenticating' | 'ready' | 'reconnecting' | 'closed';

/** Events of the client itself (not server events). */
export interface ClientEvents {
  /** The connection state changed. */
  state: ClientState;
  /** Reconnected to a different controller, or to the same one after it rebooted. */
  failover: FailoverEvent;
  /** A connection is ready (logged in, identified). */
  connected: ControllerIdentity;
  /** The ready connection closed. */
  disconnected: { url: string; code: number; reason: string };
}

/**
 * What a client holds at a moment, to check that nothing grows without bound (`client.stats()`).
 * Diagnostic: the shape may gain fields.
 */
export interface ClientStats {
  state: ClientState;
  /** Calls not settled yet (`pending`, wherever they are), and of those the ones waiting for a connection. */
  calls: { pending: number; waitingForConnection: number };
  /** Requests of the current connection: on the wire (answered or not) and queued for a free slot; null without one. */
  connection: { inFlight: number; queued: number } | null;
  /**
   * Jobs followed because someone awaits or observes them (`tracked`), job starts under way
   * (`starting`), ids of early job events kept for starts under way (`recentJobIds`, at most 256),
   * and whether the slow safety poll is armed (`pollTimer`).
   */
  jobs: { tracked: number; starting: number; recentJobIds: number; pollTimer: boolean };
  /** Events with listeners, listeners, server subscriptions held, subscribers waiting, pending re-subscriptions. */
  events: { events: number; listeners: number; serverSubscriptions: number; waiting: number; retryTimers: number };
}

/** What a call of method `M` returns: a `Job` for job methods, else a promise of the result. */
export type CallReturn<M extends MethodName<V>, V extends ApiVersion> =
  M extends JobName<V> ? Job<ResultOf<M, V>> : Promise<ResultOf<M, V>>;

/**
 * Job methods that take a file through `POST /_upload`: those with an input pipe in the schema
 * (`failover.upgrade`, whose file is a manual update image). Checked again at run time.
 */
export type UploadName<V extends ApiVersion> = Extract<JobName<V>, 'failover.upgrade'>;

type CallArgs<M extends MethodName<V>, V extends ApiVersion> =
  [] extends ArgsOf<M, V> ? [params?: ArgsOf<M, V>, options?: CallOptions] : [params: ArgsOf<M, V>, options?: CallOptions];

/**
 * The client's own surface, the same over both transports, with jobs and `upload` (see
 * `LeanBaseClient`); without `ha` (see `ClientCore`).
 */
export type BaseClient<V extends ApiVersion = LatestApiVersion> = LeanBaseClient<V> & JobCall<V> & UploadMethod<V>;

/** `client.call` of a job method. Part of every client of the main entry; `withJobs` adds it to a lean one. */
export interface JobCall<V extends ApiVersion = LatestApiVersion> {
  /**
   * Starts a job method by its wire name and returns its `Job` (await it for the job's result):
   * `call('failover.reboot.other_node', [{ reason: 'maintenance', graceful: true }])`.
   */
  call<M extends JobName<V>>(method: M, ...args: CallArgs<M, V>): Job<ResultOf<M, V>>;
}

/** `client.upload`: a job method with a file. Part of every client of the main entry; `withUploads` adds it to a lean one. */
export interface UploadMethod<V extends ApiVersion = LatestApiVersion> {
  /**
   * Calls a job method with a file (TrueNAS's `POST /_upload`): `upload('failover.upgrade', [{}],
   * image)` upgrades from a manual update image instead of downloading one (air-gapped pairs). The
   * image is a Blob or File, bytes, a byte stream, or in Node a file path; it is streamed, never
   * held in memory. Arguments are validated before anything is sent; the upload goes to the
   * controller the client is connected to, authenticated with a single-use token. The `Job` is
   * followed like any other. No default timeout: pass `timeout` or `signal` to bound the upload.
   */
  upload<M extends UploadName<V>>(method: M, params: ArgsOf<M, V>, image: UpdateImage, options?: CallOptions): Job<ResultOf<M, V>>;
}

/**
 * The surface of a client of a one-version entry (`truenas-failover/v27.0.0`): calls, events, the
 * connection's life; jobs, `upload` and `ha` are added by `withJobs`, `withUploads` and `withHa`.
 */
export interface LeanBaseClient<V extends ApiVersion = LatestApiVersion> extends AsyncDisposableLike {
  /** Current connection state. */
  readonly state: ClientState;
  /** API version in use: the one given, or the one discovered on the first connection. */
  readonly apiVersion: ApiVersion | undefined;
  /** The controller the ready connection reached (node letter, boot id, status), if connected. */
  readonly controller: ControllerIdentity | undefined;
  /** Connects and logs in now (calls do it lazily). Rejects on bad credentials or when `timeout` passes. */
  connect(options?: CallOptions): Promise<void>;
  /** Calls any method by its wire name, typed from the method map: `call('failover.update', [{ timeout: 5 }])`. */
  call<M extends CallName<V>>(method: M, ...args: CallArgs<M, V>): Promise<ResultOf<M, V>>;
  /** Calls a method the method map does not know (untyped; the server validates). Known names must use their types. */
  call<N extends string>(method: N extends MethodName<V> ? never : N, params?: readonly unknown[], options?: CallOptions): Promise<unknown>;
  /** What the client holds now (calls, connection queues, followed jobs, subscriptions); for diagnostics and leak checks. */
  stats(): ClientStats;
  /**
   * Listens to a server event. Resolves once the server subscription is active. Many listeners
   * share one server subscription; it is made again after every reconnect.
   */
  subscribe<E extends EventName<V>>(event: E, listener: EventListener<EventOf<E, V>>, options?: SubscribeOptions): Promise<Subscription>;
  subscribe<N extends string>(
    event: N extends EventName<V> ? never : N,
    listener: EventListener<unknown>,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** The same as an async iterator: `for await (const ev of client.events('failover.status', { signal }))`. */
  events<E extends EventName<V>>(event: E, options?: EventIteratorOptions): AsyncIterableIterator<EventMessage<EventOf<E, V>>>;
  events<N extends string>(
    event: N extends EventName<V> ? never : N,
    options?: EventIteratorOptions,
  ): AsyncIterableIterator<EventMessage<unknown>>;
  /** Adds a listener for a client event; returns a function that removes it. */
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
  once<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
  off<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): void;
  /** Closes the connection; every pending call settles. The client cannot be used afterwards. */
  close(): Promise<void>;
}
