/**
 * The REST client: the same `client.failover.*` surface, errors and options as the WebSocket
 * client, over TrueNAS's REST /api/v2.0 (25.04–25.10). Each call is one HTTP request to the
 * controller found by the connector. A request cut off by a dropped connection is sent again only
 * when it never left or is a read; a write rejects with `OutcomeUnknownError` (never replayed),
 * and `failover.become_passive` resolves, as the drop is the controller rebooting. Jobs are polled.
 * There are no events over REST: `subscribe`/`events` refuse, `poll` stands in.
 */
import { credentialsFromEnv, secretsOf } from '../../auth/credentials.js';
import type { ControllerIdentity } from '../../client/identity.js';
import { failoverBetween } from '../../client/identity.js';
import { namespaceProxy, splitArguments } from '../../client/namespaces.js';
import { issuesOfResult } from '../../client/result-validation.js';
import { describeMethod, isJobMethod, isRetryableRead } from '../../client/retry-policy.js';
import type { ClientEvents, ClientState, ClientStats } from '../../client/types.js';
import { AbortedError } from '../../errors/aborted-error.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { NotSupportedByTransportError } from '../../errors/not-supported-by-transport-error.js';
import { OutcomeUnknownError } from '../../errors/outcome-unknown-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import { TlsCertificateError } from '../../errors/tls-certificate-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type ApiVersion, apiDescription } from '../../generated/index.js';
import type { JobOrigin } from '../../jobs/job-handle.js';
import type { CallOptions } from '../../types/call-options.js';
import { backoffDelay } from '../../util/backoff.js';
import { Emitter } from '../../util/emitter.js';
import { createLogger, type InternalLogger } from '../../util/logger.js';
import { sleep } from '../../util/timers.js';
import { checkArguments } from '../../validation/arguments.js';
import type { UpdateImage } from '../upload/image.js';
import { HttpClient } from './http.js';
import { RestJobPoller } from './job-poller.js';
import { type PollOptions, pollIterator } from './poll.js';
import { RestConnector, type RestSession } from './rest-connector.js';
import { checkRestCredentials, type ResolvedRestOptions, resolveRestOptions } from './rest-options.js';
import type { RestTransport } from './rest-transport.js';
import { restUpload } from './rest-upload.js';
import type { RestClientOptions } from './types.js';
import { LATEST_REST_API_VERSION, type RestApiVersion } from './versions.js';

// A read (or a request that never left) cut off this many times in a row gives up.
const MAX_ATTEMPTS = 10;

/** Resolves with `promise`, or rejects with the signal's reason when it aborts first. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class RestClient {
  readonly transport = 'rest' as const;
  private readonly options: ResolvedRestOptions;
  private readonly logger: InternalLogger;
  private readonly emitter = new Emitter<ClientEvents>();
  private readonly http: HttpClient;
  private readonly connector: RestConnector;
  private readonly jobs: RestJobPoller;
  private readonly closeAbort = new AbortController();
  private readonly transports = new Set<RestTransport>();
  // Calls under way, aborted together by close() (one listener per call on a shared signal would
  // trip Node's listener-leak warning with many concurrent calls).
  private readonly activeCalls = new Set<() => void>();
  private version: RestApiVersion | undefined;
  private current: RestSession | undefined;
  private establishing: Promise<RestSession> | undefined;
  private identity: ControllerIdentity | undefined;
  private clientState: ClientState = 'idle';
  private closing: Promise<void> | undefined;
  private lastConnectError: unknown;

  constructor(options: RestClientOptions) {
    if (typeof options === 'object' && options !== null && options.transport !== undefined && options.transport !== 'rest') {
      throw new TypeError("createClient: transport must be 'websocket' or 'rest'");
    }
    this.options = resolveRestOptions(options);
    this.version = this.options.version;
    this.logger = createLogger(options.logger, () => secretsOf(this.options.credentials.value));
    this.http = new HttpClient(this.options.tls);
    const o = this.options;
    this.connector = new RestConnector({
      candidates: o.candidates,
      logger: this.logger,
      http: this.http,
      credentials: () => o.credentials.value,
      allowInsecure: o.allowInsecure,
      connectTimeout: o.connectTimeout,
      reconnect: o.reconnect === false ? { maxAttempts: 1 } : o.reconnect,
      masterWait: o.masterWait,
      maxInFlight: o.maxInFlight,
      maxQueue: o.maxQueue,
      getVersion: () => this.version,
      setVersion: (version) => {
        this.version = version;
      },
      onAttemptFailed: (error) => {
        this.lastConnectError = error;
      },
    });
    this.jobs = new RestJobPoller({
      logger: this.logger,
      defaultTimeout: o.timeout,
      polling: o.jobPolling,
      call: async (method, params, callOptions, internal) => {
        const answer = await this.run(method, params, callOptions, internal);
        return { result: answer.result, origin: this.origin(answer.session) };
      },
    });
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

  /** Finds a controller, checks the server has REST and the credentials work. */
  async connect(options: CallOptions = {}): Promise<void> {
    const timeout = options.timeout ?? this.options.timeout;
    const signals = [this.closeAbort.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const abort = new AbortController();
    const timer =
      Number.isFinite(timeout) && timeout > 0
        ? setTimeout(() => {
            const last = this.lastConnectError;
            const why = last instanceof Error ? `; last attempt: ${last.message}` : '';
            abort.abort(
              new TimeoutError('connect', timeout, false, `Could not reach a controller over REST within ${timeout} ms${why}`, last),
            );
          }, timeout)
        : undefined;
    const detach: (() => void)[] = [];
    for (const s of signals) {
      const onAbort = () => abort.abort(s === options.signal ? new AbortedError('connect', s.reason) : s.reason);
      if (s.aborted) onAbort();
      s.addEventListener('abort', onAbort, { once: true });
      detach.push(() => s.removeEventListener('abort', onAbort));
    }
    try {
      await this.session(abort.signal);
    } finally {
      if (timer) clearTimeout(timer);
      for (const off of detach) off();
    }
  }

  call(method: string, params: readonly unknown[] = [], options: CallOptions = {}): unknown {
    if (typeof method !== 'string' || method === '')
      return Promise.reject(new TypeError('call: the method name must be a non-empty string'));
    if (!Array.isArray(params)) return Promise.reject(new TypeError(`call ${method}: params must be an array of positional arguments`));
    const description = apiDescription(this.version ?? LATEST_REST_API_VERSION);
    if (isJobMethod(description, method)) return this.jobs.start(method, [...params], options);
    return this.run(method, params, options, false).then((answer) => answer.result);
  }

  /**
   * A job method that takes a file (`failover.upgrade` with an update image), through `POST
   * /_upload` on the controller in use, with the same credential as every request.
   */
  upload(method: string, params: readonly unknown[], image: UpdateImage, options: CallOptions = {}): unknown {
    return this.jobs.startWith(String(method), options ?? {}, () =>
      restUpload(
        {
          session: (signal) => this.session(signal),
          closed: this.closeAbort.signal,
          http: this.http,
          validate: this.options.validate,
          origin: (session) => this.origin(session),
        },
        method,
        params,
        image,
        options,
      ),
    );
  }

  /** What the client holds now (requests, polled jobs); REST has no subscriptions. */
  stats(): ClientStats {
    const transport = this.current?.transport;
    const jobs = this.jobs.stats();
    return {
      state: this.clientState,
      calls: { pending: this.activeCalls.size, waitingForConnection: 0 },
      connection: transport ? { inFlight: transport.inFlightCount, queued: transport.queuedCount } : null,
      jobs: { tracked: jobs.tracked, starting: jobs.starting, recentJobIds: 0, pollTimer: false },
      events: { events: 0, listeners: 0, serverSubscriptions: 0, waiting: 0, retryTimers: 0 },
    };
  }

  subscribe(event: string): Promise<never> {
    return Promise.reject(this.noEvents(`subscribe('${String(event)}')`));
  }

  events(event: string): never {
    throw this.noEvents(`events('${String(event)}')`);
  }

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
    this.closing ??= (async () => {
      const error = new ConnectionClosedError('The client was closed.');
      this.closeAbort.abort(error);
      for (const abortCall of [...this.activeCalls]) abortCall();
      this.jobs.close(error);
      for (const transport of this.transports) transport.close('client closed');
      this.transports.clear();
      this.current = undefined;
      await this.establishing?.catch(() => {});
      this.http.close();
      this.setState('closed');
      this.emitter.clear();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ----

  private noEvents(what: string): NotSupportedByTransportError {
    return new NotSupportedByTransportError(
      what,
      'REST',
      'TrueNAS pushes events only over WebSocket. Poll instead, e.g. client.poll("failover.config", { interval: 5000, signal }), or use a WebSocket client (wss://)',
    );
  }

  private invoke(method: string, raw: unknown[]): unknown {
    const arity = describeMethod(apiDescription(this.version ?? LATEST_REST_API_VERSION), method)?.arguments.length;
    const { args, options } = splitArguments(raw, arity);
    return this.call(method, args, options ?? {});
  }

  private setState(state: ClientState): void {
    if (this.clientState === state || this.clientState === 'closed') return;
    this.clientState = state;
    this.logger.debug(`state: ${state}`);
    this.emitter.emit('state', state);
  }

  private origin(session: RestSession | undefined): JobOrigin | undefined {
    return session && { url: session.identity.url, node: session.identity.node, bootId: session.identity.bootId };
  }

  /** The controller in use, finding one first when there is none. */
  private session(signal: AbortSignal): Promise<RestSession> {
    if (this.closing) return Promise.reject(new ConnectionClosedError('The client is closed; create a new one.'));
    if (this.current) return Promise.resolve(this.current);
    if (!this.establishing) {
      this.establishing = this.establish().finally(() => {
        this.establishing = undefined;
      });
      this.establishing.catch(() => {});
    }
    return raceSignal(this.establishing, signal);
  }

  private async establish(): Promise<RestSession> {
    this.setState(this.identity ? 'reconnecting' : 'connecting');
    try {
      const credentials = this.options.credentials;
      if (!credentials.loaded) {
        credentials.value = await credentialsFromEnv();
        checkRestCredentials(credentials.value, 'TRUENAS_API_KEY');
        credentials.loaded = true;
      }
      if (credentials.value) this.setState('authenticating');
      const session = await this.connector.establish(this.closeAbort.signal);
      if (this.closing) {
        session.transport.close('client closed');
        throw new ConnectionClosedError('The client was closed.');
      }
      this.adopt(session);
      return session;
    } catch (error) {
      if (!this.closing) {
        this.logger.error('cannot reach a controller over REST', error);
        this.setState('idle');
        this.jobs.failAll(error);
      }
      throw error;
    }
  }

  private adopt(session: RestSession): void {
    const previous = this.identity;
    this.current = session;
    this.identity = session.identity;
    this.transports.add(session.transport);
    this.lastConnectError = undefined;
    this.setState('ready');
    this.emitter.emit('connected', session.identity);
    const change = previous ? failoverBetween(previous, session.identity) : undefined;
    if (change) {
      this.logger.info(
        `now reaching ${session.identity.node ? `node ${session.identity.node}` : session.identity.url} (was ${previous?.node ?? previous?.url})`,
      );
      this.emitter.emit('failover', change);
    }
    this.jobs.reattach(this.origin(session));
  }

  /** A request to `session` got no answer: find a controller again before the next one. */
  private lost(session: RestSession, error: ConnectionClosedError): void {
    if (this.current !== session) return;
    this.current = undefined;
    this.logger.info(`${session.transport.url} gave no answer (${error.message}); looking for a controller again`);
    this.emitter.emit('disconnected', { url: session.transport.url, code: 1006, reason: error.message });
    for (const transport of this.transports)
      if (transport !== session.transport && transport.inFlightCount === 0) this.transports.delete(transport);
    if (!this.closing) this.setState('reconnecting');
  }

  /** One call: bounded by its timeout and signal, validated, retried only when safe. */
  private async run(
    method: string,
    params: readonly unknown[],
    options: CallOptions,
    internal: boolean,
  ): Promise<{ result: unknown; session: RestSession }> {
    if (this.closing) throw new ConnectionClosedError(`${method} was not sent: the client is closed.`, { method });
    if (options !== null && typeof options !== 'object')
      throw new TypeError(`${method}: call options must be an object like { timeout, signal }`);
    const timeout = options.timeout ?? this.options.timeout;
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
      throw new TypeError(`${method}: options.timeout must be a number of milliseconds (0 or Infinity for none)`);
    }
    if (options.signal?.aborted) throw new AbortedError(method, options.signal.reason, false);
    const progress = { sent: false };
    const abort = new AbortController();
    const timer =
      timeout > 0 && Number.isFinite(timeout)
        ? setTimeout(() => abort.abort(new TimeoutError(method, timeout, progress.sent)), timeout)
        : undefined;
    const onAbort = () => abort.abort(new AbortedError(method, options.signal?.reason, progress.sent));
    const onClose = () => abort.abort(new ConnectionClosedError(`${method}: the client was closed.`, { method, sent: progress.sent }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.activeCalls.add(onClose);
    try {
      return await this.attempts(method, params, internal, abort.signal, progress);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.activeCalls.delete(onClose);
    }
  }

  private async attempts(
    method: string,
    params: readonly unknown[],
    internal: boolean,
    signal: AbortSignal,
    progress: { sent: boolean },
  ): Promise<{ result: unknown; session: RestSession }> {
    for (let attempt = 1; ; attempt++) {
      const session = await this.session(signal);
      const description = apiDescription(session.version);
      const known = Object.hasOwn(description.methods, method) ? description.methods[method] : undefined;
      if (attempt === 1 && !internal && known && this.options.validate !== 'off') {
        const check = checkArguments(known, params);
        if (!check.ok) throw new ValidationError(method, check.issues, 'client');
      }
      try {
        const result = await session.transport.call(method, params, {
          signal,
          priority: internal,
          onSent: () => {
            progress.sent = true;
          },
        });
        if (!internal && known && this.options.validate === 'all') {
          const issues = issuesOfResult(known, result);
          if (issues) throw new ValidationError(method, issues, 'result', { url: session.transport.url });
        }
        return { result, session };
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof ConnectionClosedError) || error instanceof TlsCertificateError || this.closing) throw error;
        this.lost(session, error);
        const retryable = !error.sent || (method !== 'failover.become_passive' && isRetryableRead(description, method));
        if (!error.sent) progress.sent = false;
        else if (method === 'failover.become_passive') {
          // The controller reboots without answering; the dropped request is the success.
          this.logger.info(`${session.transport.url} dropped failover.become_passive, as a rebooting controller does`);
          return { result: null, session };
        }
        if (!retryable || this.options.reconnect === false || attempt >= MAX_ATTEMPTS) {
          if (error.sent && !retryable) throw new OutcomeUnknownError(method, { url: error.url, cause: error });
          throw error;
        }
        await sleep(backoffDelay(attempt - 1, this.options.reconnect), signal);
      }
    }
  }
}
