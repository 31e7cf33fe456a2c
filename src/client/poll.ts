/**
 * What REST offers instead of events: `client.poll(method, options)` calls a method every
 * `interval` ms and yields its result, by default only when it changed, until the signal aborts
 * or the loop breaks. Built on plain calls, so it has their timeout, retry and error behaviour.
 */
import type { CallOptions } from '../types/call-options.js';
import { checkSignal } from '../util/signal.js';
import { sleep } from '../util/timers.js';

export interface PollOptions<A = unknown[]> {
  /** Arguments of each call. Default: none. */
  args?: A;
  /** Milliseconds between the end of one call and the start of the next. Default 5 000. */
  interval?: number;
  /** Ends the iteration (quietly: the loop simply stops). */
  signal?: AbortSignal;
  /** Timeout of each call, in ms. Default: the client's timeout. */
  timeout?: number;
  /** Yield only results that differ from the previous one (compared as JSON). Default true. */
  changesOnly?: boolean;
}

export type PollCall = (method: string, args: unknown[], options: CallOptions) => Promise<unknown>;

/** The async iterator behind `client.poll`. A failing call rejects the pending `next()` and ends it. */
export function pollIterator<T>(call: PollCall, method: string, options: PollOptions = {}): AsyncIterableIterator<T> {
  if (typeof method !== 'string' || method === '') throw new TypeError('poll: the method name must be a non-empty string');
  if (options === null || typeof options !== 'object') throw new TypeError('poll: options must be an object like { interval, signal }');
  const interval = options.interval ?? 5000;
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0) {
    throw new TypeError('poll: interval must be a non-negative number of milliseconds');
  }
  if (options.args !== undefined && !Array.isArray(options.args))
    throw new TypeError('poll: args must be an array of positional arguments');
  const args = [...((options.args as unknown[] | undefined) ?? [])];
  const changesOnly = options.changesOnly !== false;
  const signal = options.signal;
  checkSignal('poll', signal);
  let previous: string | undefined;
  let first = true;
  let done = false;

  const finish = (): IteratorResult<T> => {
    done = true;
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      while (!done) {
        if (signal?.aborted) return finish();
        if (!first) {
          try {
            await sleep(interval, signal);
          } catch {
            return finish();
          }
        }
        first = false;
        let value: unknown;
        try {
          value = await call(method, args, { timeout: options.timeout, signal });
        } catch (error) {
          if (signal?.aborted) return finish();
          done = true;
          throw error;
        }
        const text = JSON.stringify(value) ?? 'undefined';
        if (!changesOnly || text !== previous) {
          previous = text;
          return { value: value as T, done: false };
        }
      }
      return { value: undefined, done: true };
    },
    return: async () => finish(),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
