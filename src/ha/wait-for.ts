/**
 * `client.ha.waitFor(status | predicate)`: resolves with the first snapshot that satisfies the
 * target. Driven by events (`failover.status`, `failover.disabled.reasons`, and the client's own
 * reconnects), with a polling fallback: TrueNAS pushes those events only on change and a client
 * may be reconnecting when they fire. A REST client cannot subscribe, so it only polls.
 * Reads that fail while the pair is in transition count as "not yet".
 */
import { AbortedError } from '../errors/aborted-error.js';
import { NotAvailableOverRestError } from '../errors/not-available-over-rest-error.js';
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Subscription } from '../events/types.js';
import { signalProblem } from '../util/signal.js';
import { HaWaitTimeoutError } from './errors/ha-wait-timeout-error.js';
import type { HaHost } from './host.js';
import { describeSnapshot, readSnapshot } from './snapshot.js';
import type { HaSnapshot, WaitForOptions, WaitTarget } from './types.js';

export const DEFAULT_WAIT_TIMEOUT = 60_000;
const DEFAULT_INTERVAL = 1_000;
const WATCHED_EVENTS = ['failover.status', 'failover.disabled.reasons'];

function describeTarget(target: WaitTarget): string {
  return typeof target === 'string' ? `failover.status to be ${target}` : 'the condition on the pair';
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

export function waitForState(host: HaHost, target: WaitTarget, options: WaitForOptions = {}, what?: string): Promise<HaSnapshot> {
  if (typeof target !== 'string' && typeof target !== 'function') {
    return Promise.reject(new TypeError('waitFor: the target must be a status string (e.g. "MASTER") or a function of the snapshot'));
  }
  const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout <= 0) {
    return Promise.reject(new TypeError('waitFor: options.timeout must be a positive number of milliseconds'));
  }
  const interval = options.interval ?? DEFAULT_INTERVAL;
  if (typeof interval !== 'number' || Number.isNaN(interval) || interval <= 0) {
    return Promise.reject(new TypeError('waitFor: options.interval must be a positive number of milliseconds'));
  }
  const badSignal = signalProblem('waitFor', options.signal);
  if (badSignal) return Promise.reject(badSignal);
  const description = what ?? describeTarget(target);
  const matches = (s: HaSnapshot) => (typeof target === 'string' ? s.status === target : target(s));

  return new Promise<HaSnapshot>((resolve, reject) => {
    const stop = new AbortController();
    const signal = options.signal;
    let settled = false;
    let reading = false;
    let again = false;
    let last = 'nothing read yet';
    let lastError: unknown;
    let readTimeout = 0;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const subscriptions: Promise<Subscription | undefined>[] = [];
    const offs: (() => void)[] = [];

    const finish = (error: unknown, value?: HaSnapshot) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pollTimer);
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
      for (const off of offs) off();
      for (const s of subscriptions) void s.then((sub) => sub?.unsubscribe()).catch(() => {});
      if (value) resolve(value);
      else reject(error);
    };

    const observe = (text: string, snapshot: HaSnapshot | undefined) => {
      if (text === last) return;
      last = text;
      try {
        options.onObservation?.(text, snapshot);
      } catch {
        // an observer's bug must not end the wait
      }
    };

    // One read at a time; an event arriving meanwhile asks for another read afterwards.
    const check = async () => {
      if (settled) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      clearTimeout(pollTimer);
      try {
        do {
          again = false;
          try {
            readTimeout = Math.max(1, remaining());
            const snapshot = await readSnapshot(host, { signal: stop.signal, timeout: readTimeout });
            if (settled) return;
            if (typeof target === 'string' && snapshot.status === undefined) {
              // A REST client on 25.10 cannot read the status at all: waiting for it would never end.
              finish(new NotAvailableOverRestError('failover.status', host.apiVersion));
              return;
            }
            lastError = undefined;
            if (matches(snapshot)) {
              finish(undefined, snapshot);
              return;
            }
            observe(describeSnapshot(snapshot), snapshot);
          } catch (error) {
            if (settled) return;
            // A mistake, or a client closed (by its owner, or for good): no later read would answer.
            if (error instanceof TypeError || host.state === 'closed') {
              finish(error);
              return;
            }
            if (error instanceof TimeoutError && error.timeout === readTimeout && error.method !== 'login') {
              // A read gets what is left of the wait, so a read that ran out of it ran out of the
              // wait's time: the wait ends with what was seen before, not with the cut-off read as
              // the last sight (a slow login, its own timeout, is a transition like any other).
              finish(new HaWaitTimeoutError(description, timeout, last, lastError ?? error));
              return;
            }
            lastError = error;
            observe(`no answer: ${firstLine(error)}`, undefined);
          }
        } while (again && !settled);
      } finally {
        reading = false;
      }
      if (!settled) pollTimer = setTimeout(() => void check(), Math.max(10, Math.min(interval, remaining())));
    };

    const started = Date.now();
    const remaining = () => timeout - (Date.now() - started);
    const deadline = setTimeout(() => finish(new HaWaitTimeoutError(description, timeout, last, lastError)), timeout);
    const onAbort = () => finish(new AbortedError(`waiting for ${description}`, signal?.reason));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    for (const event of WATCHED_EVENTS) {
      subscriptions.push(
        Promise.resolve()
          .then(() => host.subscribe(event, () => void check(), { signal: stop.signal, timeout }))
          .catch((error) => {
            // REST clients cannot subscribe: polling alone then.
            if (!(error instanceof NotSupportedByTransportError) && !stop.signal.aborted) lastError = error;
            return undefined;
          }),
      );
    }
    // A reconnect (to the new master after a failover, or to a rebooted controller) is a change too.
    offs.push(host.on('connected', () => void check()));
    void check();
  });
}
