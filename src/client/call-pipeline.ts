/**
 * The life of one call: validated, then sent on the ready connection (or kept waiting while the
 * client (re)connects), bounded by its timeout and signal, and settled exactly once. When the
 * connection drops with the call in flight: reads go out again on the next connection, writes
 * reject with OutcomeUnknownError (never replayed), and `become_passive` resolves, because the
 * drop is how a controller's reboot looks from here.
 */
import { AbortedError } from '../errors/aborted-error.js';
import { CallError } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { ERRNO } from '../errors/errno.js';
import { IncomingMessageTooLargeError } from '../errors/incoming-message-too-large-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { QueueFullError } from '../errors/queue-full-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { TlsCertificateError } from '../errors/tls-certificate-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Connection } from '../transport/connection.js';
import type { TransportCallOptions } from '../transport/transport.js';
import type { MethodDescription } from '../types/api-description.js';
import type { LegacyArgumentsCheck } from '../types/api-registry.js';
import type { CallOptions } from '../types/call-options.js';
import { backoffDelay } from '../util/backoff.js';
import type { InternalLogger } from '../util/logger.js';
import { redact } from '../util/redact.js';
import { signalProblem } from '../util/signal.js';
import { sleep } from '../util/timers.js';
import { checkArgumentsWith } from '../validation/arguments.js';
import { type Deadline, Deadlines } from './deadlines.js';
import type { CallHooks, RequestInfo, RetryPolicy } from './hooks.js';
import { issuesOfResult } from './result-validation.js';
import { isRetryableRead } from './retry-policy.js';

/** A settled call: its result and the connection that answered. */
export interface Answer {
  result: unknown;
  connection: Connection | undefined;
}

export interface PipelineHost {
  logger: InternalLogger;
  isClosed(): boolean;
  reconnects(): boolean;
  /** The ready connection, if any. */
  connection(): Connection | undefined;
  /** Starts connecting when idle. */
  requestConnection(): void;
  /** The method in the API version in use (undefined when unknown there, or the version is not known yet). */
  method(name: string): MethodDescription | undefined;
  /** The method in the version in use, else in any version the client knows (for the retry policy). */
  anyMethod(name: string): MethodDescription | undefined;
  /** The 25.04 argument layer, when the client's entry carries it. */
  legacyArguments: LegacyArgumentsCheck | undefined;
  validate: 'args' | 'all' | 'off';
  maxQueue: number;
  defaultTimeout: number;
  /** A controller refused a call the way a standby does. */
  onStandbyRefusal(connection: Connection, error: CallError): void;
  /** Why the last connection attempt failed (while there is no connection), for timeouts of calls that waited. */
  lastConnectError(): unknown;
  /** The user's per-request hooks (not told about the client's own calls). */
  hooks: CallHooks | undefined;
  /** Retries of reads the server refused for a passing reason. */
  retry: RetryPolicy;
  /** The credentials' secrets, redacted from the arguments the hooks see. */
  secrets(): readonly string[];
}

export interface InternalCallOptions {
  /** The client's own call: not validated, sent ahead of waiting user calls. */
  internal?: boolean;
  /** Told each time the request goes out (a job start: from then on the job may exist). */
  onSent?: () => void;
}

/**
 * One call from `call()` until it settles. It is also the options the transport gets: `dropped`
 * tells the transport that the call was settled here (a WebSocket queue then skips it), its abort
 * signal is made only when a transport asks for it (REST, for its HTTP request), and `onSent`
 * marks it sent.
 */
class PendingCall implements TransportCallOptions, Deadline {
  sent = false;
  attempts = 0;
  settled = false;
  at = Number.POSITIVE_INFINITY;
  private controller: AbortController | undefined;
  onUserAbort: (() => void) | undefined;
  /** The endpoint of the last request, and the arguments as the hooks see them (redacted once, when a hook first needs them). */
  url: string | undefined;
  shownParams: readonly unknown[] | undefined;

  constructor(
    readonly pipeline: CallPipeline,
    readonly method: string,
    readonly params: readonly unknown[],
    readonly internal: boolean,
    /** Resolve with `{ result, connection }` (true) or with the result alone. */
    readonly withConnection: boolean,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
    readonly userSignal: AbortSignal | undefined,
    readonly timeout: number,
    /** Told each time the request goes out. */
    readonly notifySent: (() => void) | undefined,
    /** `performance.now()` when the call began (read only when there are hooks to tell). */
    readonly began: number,
  ) {}

  get done(): boolean {
    return this.settled;
  }

  /** TransportCallOptions: settled here (timed out, aborted, failed), so a transport still holding it never sends it. */
  get dropped(): boolean {
    return this.settled;
  }

  /** Aborted when the call fails before the transport settled it (REST ends its HTTP request then; a retry stops waiting). Made on first use. */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  get priority(): boolean {
    return this.internal;
  }

  onSent(): void {
    this.sent = true;
    this.notifySent?.();
  }

  expire(): void {
    this.pipeline.expire(this);
  }

  /** TransportCallOptions: set while a transport queue holds the call. */
  whenDropped: (() => void) | undefined = undefined;

  /** Tells a transport still holding the call that it was given up on (its queue, or its signal). */
  abortTransport(reason: unknown): void {
    const tell = this.whenDropped;
    this.whenDropped = undefined;
    tell?.();
    this.controller?.abort(reason);
  }
}

// A call cut off (or refused unsent) this many times in a row gives up (each attempt is also bounded by the timeout).
const MAX_ATTEMPTS = 10;
// Errors with which a standby (or a controller that lost its peer) refuses HA-sensitive calls.
const STANDBY_ERRNOS = new Set<number>([ERRNO.EHAUNAVAILABLE, ERRNO.EREMOTENODEERROR]);

export class CallPipeline {
  private waiting: PendingCall[] = [];
  private unsettled = 0;
  private readonly deadlines = new Deadlines();

  constructor(private readonly host: PipelineHost) {}

  /** Calls waiting for a connection. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Calls not settled yet, wherever they are (waiting, queued, on the wire). */
  get pendingCount(): number {
    return this.unsettled;
  }

  call(method: string, params: readonly unknown[], options: CallOptions = {}, internal: InternalCallOptions = {}): Promise<Answer> {
    return this.start(method, params, options, internal, true) as Promise<Answer>;
  }

  /** The same as `call`, resolving with the result alone (a user's call: no answer object to make). */
  result(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<unknown> {
    return this.start(method, params, options, {}, false);
  }

  private start(
    method: string,
    params: readonly unknown[],
    options: CallOptions,
    internal: InternalCallOptions,
    withConnection: boolean,
  ): Promise<unknown> {
    if (this.host.isClosed()) return Promise.reject(new ConnectionClosedError(`${method} was not sent: the client is closed.`, { method }));
    if (options !== null && typeof options !== 'object')
      return Promise.reject(new TypeError(`${method}: call options must be an object like { timeout, signal }`));
    const timeout = options.timeout ?? this.host.defaultTimeout;
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0)
      return Promise.reject(new TypeError(`${method}: options.timeout must be a number of milliseconds (0 or Infinity for none)`));
    const signal = options.signal;
    const badSignal = signalProblem(method, signal);
    if (badSignal) return Promise.reject(badSignal);
    if (signal?.aborted) return Promise.reject(new AbortedError(method, signal.reason, false));
    return new Promise((resolve, reject) => {
      const began = this.host.hooks ? performance.now() : 0;
      const p = new PendingCall(
        this,
        method,
        params,
        internal.internal ?? false,
        withConnection,
        resolve,
        reject,
        signal,
        timeout,
        internal.onSent,
        began,
      );
      this.unsettled++;
      if (timeout > 0 && Number.isFinite(timeout)) {
        p.at = performance.now() + timeout;
        this.deadlines.add(p);
      }
      if (signal) {
        p.onUserAbort = () => this.fail(p, new AbortedError(method, signal.reason, p.sent));
        signal.addEventListener('abort', p.onUserAbort, { once: true });
      }
      this.dispatch(p);
    });
  }

  /** A call's deadline passed. */
  expire(p: PendingCall): void {
    this.fail(p, this.timeoutError(p));
  }

  /** The error of a call whose time ran out; one that waited for a connection names what stood in the way. */
  private timeoutError(p: PendingCall): TimeoutError {
    if (p.sent) return new TimeoutError(p.method, p.timeout, true);
    const open = this.host.connection()?.open === true;
    if (open && p.attempts > 0) {
      // Handed to a ready connection, it waited there for one of its call slots.
      return new TimeoutError(
        p.method,
        p.timeout,
        false,
        `${p.method} did not start within ${p.timeout} ms: every call slot of the connection (maxInFlight) stayed taken by calls still running; nothing was sent.`,
      );
    }
    return new TimeoutError(p.method, p.timeout, false, undefined, open ? undefined : this.host.lastConnectError());
  }

  /** A connection became ready: send everything that waited for it. */
  flush(connection: Connection): void {
    const list = this.waiting;
    this.waiting = [];
    for (const p of list) if (!p.settled) this.send(p, connection);
  }

  /** Rejects every waiting call (fatal connection error, or client closed). */
  failWaiting(error: unknown): void {
    const list = this.waiting;
    this.waiting = [];
    for (const p of list) this.fail(p, error);
  }

  private dispatch(p: PendingCall): void {
    if (p.settled) return;
    const connection = this.host.connection();
    if (connection?.open) {
      this.send(p, connection);
      return;
    }
    if (!p.internal && this.waiting.length >= this.host.maxQueue) {
      this.fail(p, new QueueFullError(p.method, this.host.maxQueue));
      return;
    }
    if (p.internal) this.waiting.unshift(p);
    else this.waiting.push(p);
    this.host.requestConnection();
  }

  private send(p: PendingCall, connection: Connection): void {
    const method = this.host.method(p.method);
    if (!p.internal && method && this.host.validate !== 'off' && p.attempts === 0) {
      const check = checkArgumentsWith(method, p.params, this.host.legacyArguments);
      if (!check.ok) {
        this.fail(p, new ValidationError(p.method, check.issues, 'client'));
        return;
      }
    }
    p.attempts++;
    p.url = connection.url;
    this.report(p, 'beforeSend');
    connection.call(p.method, p.params, p).then(
      (result) => {
        if (p.settled) return;
        if (!p.internal && method && this.host.validate === 'all') {
          const issues = issuesOfResult(method, result);
          if (issues) {
            this.fail(p, new ValidationError(p.method, issues, 'result', { url: connection.url }));
            return;
          }
        }
        this.succeed(p, result, connection);
      },
      (error) => this.onError(p, connection, error),
    );
  }

  private onError(p: PendingCall, connection: Connection, error: unknown): void {
    if (p.settled) return;
    // A certificate the client does not trust stays untrusted: nothing to retry.
    if (error instanceof ConnectionClosedError && !(error instanceof TlsCertificateError)) {
      const closed = this.host.isClosed();
      if (!error.sent) {
        // It never left this machine: safe to send on the next connection.
        if (!closed && this.host.reconnects() && p.attempts < MAX_ATTEMPTS) this.again(p, error);
        else this.fail(p, error);
        return;
      }
      if (p.method === 'failover.become_passive' && !closed) {
        // The controller reboots without answering; the dropped connection is the success.
        this.host.logger.info(`${connection.url} dropped the connection after failover.become_passive, as a rebooting controller does`);
        this.succeed(p, null, connection);
        return;
      }
      const read = isRetryableRead(this.host.anyMethod(p.method), p.method);
      if (read && error instanceof IncomingMessageTooLargeError) {
        // Its answer may be the message that was too large: asking again would only fetch it again.
        this.fail(p, error);
        return;
      }
      if (read) {
        if (!closed && this.host.reconnects() && p.attempts < MAX_ATTEMPTS) {
          this.host.logger.debug(`${p.method} was cut off by the dropped connection; sending it again on the next one`);
          this.again(p, error);
        } else this.fail(p, error);
        return;
      }
      this.fail(
        p,
        new OutcomeUnknownError(p.method, { url: error.url, closeCode: error.closeCode, closeReason: error.closeReason, cause: error }),
      );
      return;
    }
    if (error instanceof CallError && error.errno !== undefined && STANDBY_ERRNOS.has(error.errno))
      this.host.onStandbyRefusal(connection, error);
    if (this.retries(p, error)) {
      const delay = backoffDelay(p.attempts - 1, this.host.retry.backoff);
      this.host.logger.debug(`${p.method} was refused (${(error as Error).message}); trying again in ${delay} ms`);
      // The wait ends with the call (its timeout or signal abort p.signal).
      void sleep(delay, p.signal).then(
        () => this.again(p, error),
        () => {},
      );
      return;
    }
    this.fail(p, error);
  }

  /** The retry policy: a read the server refused for a passing reason is asked again (writes never). */
  private retries(p: PendingCall, error: unknown): boolean {
    const { retry } = this.host;
    if (p.internal || p.attempts >= retry.maxAttempts || this.host.isClosed()) return false;
    if (!isRetryableRead(this.host.anyMethod(p.method), p.method)) return false;
    try {
      return retry.retryOn(error, p.attempts) === true;
    } catch (hookError) {
      this.host.logger.warn(`retry.retryOn threw for ${p.method}; not retrying`, hookError);
      return false;
    }
  }

  /** Sends the call again after `error` (reported to the hooks as a failed attempt). */
  private again(p: PendingCall, error: unknown): void {
    if (p.settled) return;
    this.report(p, 'onError', { error, willRetry: true });
    this.dispatch(p);
  }

  /** Tells the user's hook about `p`; a hook that throws is logged, never allowed to break the call. */
  private report(p: PendingCall, hook: 'beforeSend'): void;
  private report(p: PendingCall, hook: 'afterAnswer', extra: { result: unknown }): void;
  private report(p: PendingCall, hook: 'onError', extra: { error: unknown; willRetry: boolean }): void;
  private report(p: PendingCall, hook: keyof CallHooks, extra: object = {}): void {
    const fn = this.host.hooks?.[hook] as ((info: RequestInfo) => void) | undefined;
    if (!fn || p.internal) return;
    const info: RequestInfo = {
      method: p.method,
      params: (p.shownParams ??= redact(p.params, this.host.secrets())),
      attempt: p.attempts,
      url: p.url,
      elapsedMs: performance.now() - p.began,
      ...extra,
    };
    try {
      fn.call(this.host.hooks, info);
    } catch (error) {
      this.host.logger.warn(`the ${hook} hook threw for ${p.method}`, error);
    }
  }

  private succeed(p: PendingCall, result: unknown, connection: Connection): void {
    if (p.settled) return;
    this.cleanup(p);
    this.report(p, 'afterAnswer', { result });
    p.resolve(p.withConnection ? ({ result, connection } satisfies Answer) : result);
  }

  private fail(p: PendingCall, error: unknown): void {
    if (p.settled) return;
    this.cleanup(p);
    // A call still queued on the socket is dropped from it; one on the wire keeps its slot until answered.
    p.abortTransport(error);
    this.report(p, 'onError', { error, willRetry: false });
    p.reject(error);
  }

  private cleanup(p: PendingCall): void {
    p.settled = true;
    this.unsettled--;
    if (p.at !== Number.POSITIVE_INFINITY) this.deadlines.settled();
    if (p.onUserAbort) p.userSignal?.removeEventListener('abort', p.onUserAbort);
  }
}
