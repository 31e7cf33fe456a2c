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
import type { MethodDescription } from '../types/api-description.js';
import type { CallOptions } from '../types/call-options.js';
import { backoffDelay } from '../util/backoff.js';
import type { InternalLogger } from '../util/logger.js';
import { redact } from '../util/redact.js';
import { sleep } from '../util/timers.js';
import { checkArguments } from '../validation/arguments.js';
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

interface PendingCall {
  method: string;
  params: readonly unknown[];
  internal: boolean;
  resolve(answer: Answer): void;
  reject(error: unknown): void;
  abort: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  sent: boolean;
  onSent: (() => void) | undefined;
  attempts: number;
  settled: boolean;
  /** `performance.now()` when the call began, and the endpoint of its last request (for the hooks). */
  began: number;
  url: string | undefined;
  /** The arguments as the hooks see them (redacted once per call, when a hook first needs them). */
  shownParams: readonly unknown[] | undefined;
}

// A call cut off (or refused unsent) this many times in a row gives up (each attempt is also bounded by the timeout).
const MAX_ATTEMPTS = 10;
// Errors with which a standby (or a controller that lost its peer) refuses HA-sensitive calls.
const STANDBY_ERRNOS = new Set<number>([ERRNO.EHAUNAVAILABLE, ERRNO.EREMOTENODEERROR]);

export class CallPipeline {
  private waiting: PendingCall[] = [];
  private unsettled = 0;

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
    return new Promise<Answer>((resolve, reject) => {
      if (this.host.isClosed()) {
        reject(new ConnectionClosedError(`${method} was not sent: the client is closed.`, { method }));
        return;
      }
      if (options !== null && typeof options !== 'object') {
        reject(new TypeError(`${method}: call options must be an object like { timeout, signal }`));
        return;
      }
      const timeout = options.timeout ?? this.host.defaultTimeout;
      if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
        reject(new TypeError(`${method}: options.timeout must be a number of milliseconds (0 or Infinity for none)`));
        return;
      }
      if (options.signal?.aborted) {
        reject(new AbortedError(method, options.signal.reason, false));
        return;
      }
      const p: PendingCall = {
        method,
        params,
        internal: internal.internal ?? false,
        resolve,
        reject,
        abort: new AbortController(),
        timer: undefined,
        signal: options.signal,
        onAbort: undefined,
        sent: false,
        onSent: internal.onSent,
        attempts: 0,
        settled: false,
        began: performance.now(),
        url: undefined,
        shownParams: undefined,
      };
      this.unsettled++;
      if (timeout > 0 && Number.isFinite(timeout)) p.timer = setTimeout(() => this.fail(p, this.timeoutError(p, timeout)), timeout);
      if (options.signal) {
        p.onAbort = () => this.fail(p, new AbortedError(method, options.signal?.reason, p.sent));
        options.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.dispatch(p);
    });
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
      const check = checkArguments(method, p.params);
      if (!check.ok) {
        this.fail(p, new ValidationError(p.method, check.issues, 'client'));
        return;
      }
    }
    p.attempts++;
    p.url = connection.url;
    this.report(p, 'beforeSend');
    connection
      .call(p.method, p.params, {
        signal: p.abort.signal,
        priority: p.internal,
        onSent: () => {
          p.sent = true;
          p.onSent?.();
        },
      })
      .then(
        (result) => {
          if (p.settled) return;
          if (!p.internal && method && this.host.validate === 'all') {
            const issues = issuesOfResult(method, result);
            if (issues) {
              this.fail(p, new ValidationError(p.method, issues, 'result', { url: connection.url }));
              return;
            }
          }
          this.succeed(p, { result, connection });
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
        this.succeed(p, { result: null, connection });
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
      // The wait ends with the call (its timeout or signal abort p.abort).
      void sleep(delay, p.abort.signal).then(
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

  /** The error of a call whose time ran out; one that waited for a connection names what stood in the way. */
  private timeoutError(p: PendingCall, timeout: number): TimeoutError {
    if (p.sent) return new TimeoutError(p.method, timeout, true);
    return new TimeoutError(p.method, timeout, false, undefined, this.host.connection()?.open ? undefined : this.host.lastConnectError());
  }

  private succeed(p: PendingCall, answer: Answer): void {
    if (p.settled) return;
    this.cleanup(p);
    this.report(p, 'afterAnswer', { result: answer.result });
    p.resolve(answer);
  }

  private fail(p: PendingCall, error: unknown): void {
    if (p.settled) return;
    this.cleanup(p);
    // A call still queued on the socket is dropped from it; one on the wire keeps its slot until answered.
    p.abort.abort(error);
    this.report(p, 'onError', { error, willRetry: false });
    p.reject(error);
  }

  private cleanup(p: PendingCall): void {
    p.settled = true;
    this.unsettled--;
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
  }
}
