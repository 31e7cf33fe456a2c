/**
 * Per-request hooks (logging, metrics, tracing) and the retry policy for reads the server refused
 * for a passing reason. Both act in one place, the call pipeline: hooks see every request it hands
 * to a connection and how each call settles; the retry policy decides whether a read's error is
 * worth another try. Writes are never retried, whatever the policy says.
 */
import { CallError } from '../errors/call-error.js';
import { ERRNO } from '../errors/errno.js';
import type { BackoffOptions } from '../util/backoff.js';

/** One request of a call (the first, or a retry), as the hooks see it. */
export interface RequestInfo {
  /** The method, e.g. `failover.status`. */
  readonly method: string;
  /** The arguments, with secrets redacted. */
  readonly params: readonly unknown[];
  /** 1 for the first request of the call, 2 for its first retry, and so on; 0 when nothing was sent. */
  readonly attempt: number;
  /** The endpoint the request went to; undefined when nothing was sent. */
  readonly url: string | undefined;
  /** Milliseconds since the call began (including time spent waiting for a connection). */
  readonly elapsedMs: number;
}

/** A call answered. */
export interface AnswerInfo extends RequestInfo {
  readonly result: unknown;
}

/** A request failed (`willRetry`: another is coming), or the call failed for good. */
export interface ErrorInfo extends RequestInfo {
  readonly error: unknown;
  /** True when the client sends the call again (a read cut off by a drop, or the retry policy). */
  readonly willRetry: boolean;
}

/**
 * Called synchronously by the client; a hook that throws is logged (warn) and does not affect the
 * call. Calls the client makes for itself (login, subscriptions, job tracking) are not reported.
 */
export interface CallHooks {
  /** A request is handed to the connection (once per attempt). */
  beforeSend?(request: RequestInfo): void;
  /** The call succeeded. */
  afterAnswer?(answer: AnswerInfo): void;
  /** An attempt failed and the call is sent again (`willRetry`), or the call failed. Exactly one final report per failed call. */
  onError?(failure: ErrorInfo): void;
}

/**
 * Retries of reads (the schema's idempotent methods that need no write role) that the server
 * answered with an error. Writes are never retried. A read cut off by a dropped connection is sent
 * again on the next connection regardless of this policy.
 */
export interface RetryOptions extends BackoffOptions {
  /** Requests per call at most, the first included. Default 1 (no retry). */
  maxAttempts?: number;
  /**
   * Whether an error is worth another attempt (`attempt`: the request that failed, 1 for the first).
   * Default: the server said it is busy or the call may succeed later (errno `EBUSY`, `EAGAIN`, `ETIMEDOUT`).
   */
  retryOn?(error: unknown, attempt: number): boolean;
}

const TRANSIENT_ERRNOS = new Set<number>([ERRNO.EBUSY, ERRNO.EAGAIN, ERRNO.ETIMEDOUT]);

/** The default `retryOn`: the server is busy, or the call may succeed a moment later. */
export function isTransientError(error: unknown): boolean {
  return error instanceof CallError && error.errno !== undefined && TRANSIENT_ERRNOS.has(error.errno);
}

/** The retry policy with its defaults, as the pipeline uses it. */
export interface RetryPolicy {
  maxAttempts: number;
  backoff: BackoffOptions;
  retryOn(error: unknown, attempt: number): boolean;
}

/** Checks `retry` (a `TypeError` naming the field) and fills in the defaults. */
export function resolveRetry(retry: RetryOptions | undefined): RetryPolicy {
  if (retry === undefined) return { maxAttempts: 1, backoff: {}, retryOn: isTransientError };
  if (typeof retry !== 'object' || retry === null)
    throw new TypeError('createClient: retry must be an object like { maxAttempts, retryOn }');
  const { maxAttempts = 1, retryOn = isTransientError, ...backoff } = retry;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new TypeError('createClient: retry.maxAttempts must be an integer of at least 1');
  if (typeof retryOn !== 'function') throw new TypeError('createClient: retry.retryOn must be a function');
  return { maxAttempts, backoff, retryOn };
}

/** Checks `hooks`: an object whose hooks are functions. */
export function resolveHooks(hooks: CallHooks | undefined): CallHooks | undefined {
  if (hooks === undefined) return undefined;
  if (typeof hooks !== 'object' || hooks === null)
    throw new TypeError('createClient: hooks must be an object like { beforeSend, afterAnswer, onError }');
  for (const name of ['beforeSend', 'afterAnswer', 'onError'] as const) {
    if (hooks[name] !== undefined && typeof hooks[name] !== 'function')
      throw new TypeError(`createClient: hooks.${name} must be a function`);
  }
  return hooks;
}
