/**
 * `watchPair()`: follows one HA pair through the client's public behaviour. Each observation is a
 * `client.ha.snapshot()` (six reads in parallel), made when an HA event arrives (`failover.status`,
 * `failover.disabled.reasons`, `failover.reboot.info`), when the client reconnects (the VIP moved),
 * and every `interval` (TrueNAS has no event for `failover.config`; REST clients only poll). One
 * read at a time; an event during a read asks for one more read after it.
 */

import type { ControllerIdentity } from '../client/identity.js';
import type { ClientOptions } from '../client/options.js';
import type { ClientEvents, ClientState } from '../client/types.js';
import { createClient } from '../entry/create-client.js';
import { AuthError, ConnectionClosedError, NotSupportedByTransportError, TimeoutError, TlsCertificateError } from '../errors/index.js';
import type { SubscribeOptions, Subscription } from '../events/types.js';
import type { HaSnapshot } from '../ha/types.js';
import { Emitter } from '../util/emitter.js';
import { checkSignal } from '../util/signal.js';
import { afterFailure, afterRead, diffStates, haStateOf, initialState } from './pair-state.js';
import type { PairChange, PairErrorKind, PairState, PairUpdate, PairWatch, PairWatchEvents, WatchPairOptions } from './types.js';

const EVENTS = ['failover.status', 'failover.disabled.reasons', 'failover.reboot.info'] as const;
const DEFAULT_INTERVAL = 15_000;
const DEFAULT_READ_TIMEOUT = 10_000;
// Changes an iterator keeps for a consumer that has not stepped yet (the oldest go first).
const ITERATOR_CHANGES = 1_000;

/** What the watch uses of a client: both the WebSocket and the REST client have it. */
interface WatchedClient {
  readonly state: ClientState;
  readonly apiVersion: string | undefined;
  readonly controller: ControllerIdentity | undefined;
  readonly ha: { snapshot(options: { timeout?: number; signal?: AbortSignal }): Promise<HaSnapshot> };
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
  close(): Promise<void>;
}
type Subscribable = { subscribe(event: string, listener: () => void, options?: SubscribeOptions): Promise<Subscription> };

function errorKind(error: unknown): PairErrorKind {
  if (error instanceof AuthError) return 'auth';
  if (error instanceof ConnectionClosedError || error instanceof TlsCertificateError) return 'unreachable';
  if (error instanceof TimeoutError) return 'timeout';
  return 'other';
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function positive(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`watchPair: options.${field} must be a positive number of milliseconds`);
  }
  return value;
}

/** The host[:port] of the first address in client options: the default name of a pair. */
export function defaultPairName(connection: ClientOptions | undefined): string {
  const urls = connection?.urls;
  const first = connection?.url ?? (Array.isArray(urls) ? urls[0] : (urls as { vip?: string; a?: string } | undefined)?.vip);
  const address = first ?? (urls as { a?: string } | undefined)?.a;
  if (typeof address !== 'string') return 'pair';
  try {
    return new URL(address).host || address;
  } catch {
    return address;
  }
}

function checkOptions(options: WatchPairOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('watchPair: options must be an object');
  if ((options.client === undefined) === (options.connection === undefined)) {
    throw new TypeError('watchPair: give either options.client (a client to watch through) or options.connection (client options)');
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name.trim() === '')) {
    throw new TypeError('watchPair: options.name must be a non-empty string');
  }
  if (options.history !== undefined && (!Number.isInteger(options.history) || options.history < 0)) {
    throw new TypeError('watchPair: options.history must be a whole number ≥ 0');
  }
  if (options.events !== undefined && typeof options.events !== 'boolean')
    throw new TypeError('watchPair: options.events must be a boolean');
  checkSignal('watchPair', options.signal);
}

/**
 * Watches one HA pair: its state (both controllers, the MASTER, failover enabled or why not, reboot
 * needs), the changes between observations, and whether it can be reached at all. Rides through
 * failovers with the client's reconnects. Throws a `TypeError` naming the option at fault.
 *
 * ```ts
 * const watch = watchPair({ name: 'nas1', connection: { url: 'wss://nas1.example', auth } });
 * for await (const { state, changes } of watch) console.log(state.ha?.master, changes);
 * ```
 */
export function watchPair(options: WatchPairOptions): PairWatch {
  checkOptions(options);
  const interval = positive(options.interval, 'interval') ?? DEFAULT_INTERVAL;
  const readTimeout = positive(options.readTimeout, 'readTimeout') ?? DEFAULT_READ_TIMEOUT;
  const history = options.history ?? 20;
  const owned = options.client === undefined;
  const client = (options.client ?? createClient(options.connection as ClientOptions)) as unknown as WatchedClient;
  const name = options.name ?? defaultPairName(options.connection as ClientOptions | undefined);

  const emitter = new Emitter<PairWatchEvents & { end: undefined }>();
  const stop = new AbortController();
  const subscriptions = new Map<string, Promise<Subscription | undefined>>();
  const changes: PairChange[] = [];
  let state = initialState(name);
  let snapshot: HaSnapshot | undefined;
  let closed = false;
  let noEvents = options.events === false;
  let reading: Promise<PairState> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let markReady: (s: PairState) => void = () => {};
  const readyPromise = new Promise<PairState>((resolve) => (markReady = resolve));

  const commit = (next: PairState, from: HaSnapshot | undefined) => {
    const at = next.checkedAt ?? Date.now();
    const found = diffStates(state, next, at);
    state = next;
    snapshot = from;
    changes.push(...found);
    if (changes.length > history) changes.splice(0, changes.length - history);
    markReady(state);
    for (const change of found) emitter.emit('change', change);
    emitter.emit('update', { state, changes: found, snapshot: from });
  };

  const subscribe = () => {
    if (noEvents || closed) return;
    const events = client as unknown as Subscribable;
    for (const event of EVENTS) {
      if (subscriptions.has(event)) continue;
      const forget = () => subscriptions.delete(event);
      const made = Promise.resolve()
        .then(() => events.subscribe(event, () => void read(), { signal: stop.signal, timeout: readTimeout, onError: forget }))
        .catch((error: unknown) => {
          // A REST client cannot subscribe: the interval's reads are then the only source.
          if (error instanceof NotSupportedByTransportError) noEvents = true;
          forget();
          return undefined;
        });
      subscriptions.set(event, made);
    }
  };

  const readOnce = async () => {
    const started = performance.now();
    // Its own signal per read: the six calls of a snapshot each listen to it, and a signal shared by
    // every read would gather listeners past Node's leak warning.
    const abort = new AbortController();
    const onStop = () => abort.abort(stop.signal.reason);
    stop.signal.addEventListener('abort', onStop, { once: true });
    try {
      const read = await client.ha.snapshot({ timeout: readTimeout, signal: abort.signal });
      if (closed) return;
      commit(afterRead(state, haStateOf(read, client.apiVersion), performance.now() - started), read);
      subscribe();
    } catch (error) {
      if (closed) return;
      const durationMs = performance.now() - started;
      commit(afterFailure(state, firstLine(error), errorKind(error), Date.now(), { failedRead: true, durationMs }), undefined);
    } finally {
      stop.signal.removeEventListener('abort', onStop);
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    // ±10 %: pairs watched by one process drift apart instead of all being read at the same instant.
    if (!closed) timer = setTimeout(() => void read(), interval * (0.9 + Math.random() * 0.2));
  };

  function read(): Promise<PairState> {
    if (closed) return Promise.resolve(state);
    if (reading) {
      again = true;
      return reading;
    }
    clearTimeout(timer);
    reading = (async () => {
      try {
        do {
          again = false;
          await readOnce();
        } while (again && !closed);
      } finally {
        reading = undefined;
        schedule();
      }
      return state;
    })();
    return reading;
  }

  const offs = [
    // A reconnect (the VIP moved, a controller rebooted) is a change to look at.
    client.on('connected', () => void read()),
    client.on('state', (s) => {
      if (closed || !state.up || (s !== 'reconnecting' && s !== 'closed')) return;
      commit(afterFailure(state, 'connection lost; reconnecting', 'unreachable', Date.now(), { connectionLost: true }), undefined);
    }),
  ];

  const close = async () => {
    if (closed) return;
    closed = true;
    stop.abort();
    clearTimeout(timer);
    for (const off of offs) off();
    markReady(state);
    emitter.emit('end', undefined);
    emitter.clear();
    await Promise.allSettled([...subscriptions.values()].map(async (s) => (await s)?.unsubscribe()));
    if (owned) await client.close();
  };
  if (options.signal?.aborted) void close();
  options.signal?.addEventListener('abort', () => void close(), { once: true });

  const iterate = (): AsyncIterableIterator<PairUpdate> => {
    let pending: PairUpdate | undefined = state.checkedAt === undefined ? undefined : { state, changes: [], snapshot };
    let waiter: ((result: IteratorResult<PairUpdate>) => void) | undefined;
    const done = (): IteratorResult<PairUpdate> => ({ done: true, value: undefined });
    const finish = () => {
      offUpdate();
      offEnd();
      waiter?.(done());
      waiter = undefined;
    };
    const offUpdate = emitter.on('update', (update) => {
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w({ done: false, value: update });
        return;
      }
      const merged = pending ? [...pending.changes, ...update.changes] : update.changes;
      pending = { ...update, changes: merged.length > ITERATOR_CHANGES ? merged.slice(-ITERATOR_CHANGES) : merged };
    });
    const offEnd = emitter.on('end', finish);
    return {
      next() {
        if (pending) {
          const value = pending;
          pending = undefined;
          return Promise.resolve({ done: false, value });
        }
        if (closed) return Promise.resolve(done());
        return new Promise((resolve) => (waiter = resolve));
      },
      return() {
        finish();
        return Promise.resolve(done());
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };

  void read();
  return {
    name,
    get state() {
      return state;
    },
    get changes() {
      return changes;
    },
    ready: () => readyPromise,
    refresh: () => read(),
    on: (event, listener) => emitter.on(event, listener),
    close,
    [Symbol.asyncDispose]: close,
    [Symbol.asyncIterator]: iterate,
  };
}
