/**
 * Event subscriptions shared by listeners: one `core.subscribe` per event name per connection,
 * however many listeners there are. After a reconnect every event with listeners is subscribed
 * again, and for change-only events (TrueNAS pushes `failover.status` and
 * `failover.disabled.reasons` only when they change, never on subscribe) the current value is
 * read and delivered as a caught-up change when it differs from the last one delivered.
 */
import type { TrueNasErrorData } from '../errors/call-error.js';
import { ConnectionClosedError } from '../errors/connection-closed-error.js';
import { SubscriptionEndedError } from '../errors/subscription-ended-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Transport } from '../transport/transport.js';
import type { InternalLogger } from '../util/logger.js';
import { checkSignal } from '../util/signal.js';
import { textOf } from '../util/text.js';
import type { ValidationIssue } from '../validation/arguments.js';
import type { EventListener, EventMessage, SubscribeOptions, Subscription } from './types.js';

/** Change-only events and how to read their current value. */
const CHANGE_ONLY: Record<string, { method: string; fields(result: unknown): Record<string, unknown>; key(fields: unknown): string }> = {
  'failover.status': {
    method: 'failover.status',
    fields: (status) => ({ status }),
    key: (f) => JSON.stringify((f as { status?: unknown } | undefined)?.status ?? null),
  },
  'failover.disabled.reasons': {
    method: 'failover.disabled.reasons',
    fields: (reasons) => ({ disabled_reasons: reasons }),
    // The order of reasons carries no meaning.
    key: (f) => {
      const r = (f as { disabled_reasons?: unknown } | undefined)?.disabled_reasons;
      return JSON.stringify(Array.isArray(r) ? [...r].map(String).sort() : (r ?? null));
    },
  },
};

/** The change-only spec of an event name; names are the server's (or a user's) text, so `constructor` is no key. */
function changeOnlySpec(name: string): (typeof CHANGE_ONLY)[string] | undefined {
  return Object.hasOwn(CHANGE_ONLY, name) ? CHANGE_ONLY[name] : undefined;
}

/** What the hub needs from the client. */
export interface EventHubHost {
  logger: InternalLogger;
  /** The ready connection now, if any. */
  currentTransport(): Transport | undefined;
  /** Starts connecting if idle (so that a subscription alone brings the client up). */
  requestConnection(): void;
  /** Issues left by validating an event payload, or undefined when valid or not validated. */
  validateEvent(name: string, msg: string, fields: unknown): ValidationIssue[] | undefined;
  defaultTimeout: number;
}

/**
 * One listener: the hub's record of it and the `Subscription` handed to its owner, one object (a
 * listener costs this object and a slot in its event's set, no closures).
 */
class ListenerRecord implements Subscription {
  active = true;

  constructor(
    private readonly hub: EventHub,
    readonly event: string,
    readonly fn: EventListener<unknown>,
    readonly onError: ((error: unknown) => void) | undefined,
    readonly onResubscribed: (() => void) | undefined,
    /** The signal that unsubscribes it, if any. */
    readonly signal: AbortSignal | undefined,
  ) {}

  unsubscribe(): Promise<void> {
    if (!this.active) return Promise.resolve();
    this.active = false;
    this.signal?.removeEventListener('abort', this);
    return this.hub.remove(this.event, this);
  }

  /** The signal aborted (the record is its own listener: `handleEvent`). */
  handleEvent(): void {
    void this.unsubscribe();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.unsubscribe();
  }
}

/** The client's own subscriptions (the job tracker's) also learn when the subscription was made again. */
export interface InternalSubscribeOptions extends SubscribeOptions {
  /** Called after the server subscription was made again (reconnect, or the server ended it): events may have been missed. */
  onResubscribed?: () => void;
}

// After the server ends a subscription it is made again after this delay, doubling (up to the
// maximum) while the server keeps ending it without an event in between.
const RESUBSCRIBE_FIRST_MS = 250;
const RESUBSCRIBE_MAX_MS = 30_000;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Entry {
  name: string;
  listeners: Set<ListenerRecord>;
  /** The transport the server subscription lives on, and its id there. */
  transport: Transport | undefined;
  serverId: string | undefined;
  subscribing: Transport | undefined;
  waiters: Set<Waiter>;
  /** Comparison key and payload of the last value delivered (change-only events). */
  lastKey: string | undefined;
  lastFields: unknown;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Times the server ended the subscription since the last event delivered (paces re-subscribing). */
  endings: number;
  /** True once a server subscription was made: later ones are re-subscriptions. */
  subscribedBefore: boolean;
}

export class EventHub {
  private readonly entries = new Map<string, Entry>();
  /** Set by `clear`: no connection will come any more, so a subscription would wait forever. */
  private closedWith: { error: unknown } | undefined;

  constructor(private readonly host: EventHubHost) {}

  /** Event names with at least one listener. */
  get events(): string[] {
    return [...this.entries.keys()];
  }

  /** What the hub holds now (for `client.stats()`). */
  stats(): { events: number; listeners: number; serverSubscriptions: number; waiting: number; retryTimers: number } {
    let listeners = 0;
    let serverSubscriptions = 0;
    let waiting = 0;
    let retryTimers = 0;
    for (const entry of this.entries.values()) {
      listeners += entry.listeners.size;
      if (entry.serverId !== undefined && entry.transport?.open) serverSubscriptions++;
      waiting += entry.waiters.size;
      if (entry.retryTimer) retryTimers++;
    }
    return { events: this.entries.size, listeners, serverSubscriptions, waiting, retryTimers };
  }

  /** Adds a listener; resolves once the server subscription is active. */
  async add<F>(name: string, listener: EventListener<F>, options: InternalSubscribeOptions = {}): Promise<Subscription> {
    if (typeof name !== 'string' || name === '') throw new TypeError('subscribe: the event name must be a non-empty string');
    if (typeof listener !== 'function') throw new TypeError('subscribe: the listener must be a function');
    checkSignal(`subscribe('${name}')`, options.signal);
    options.signal?.throwIfAborted();
    if (this.closedWith) throw this.closedWith.error;
    let entry = this.entries.get(name);
    if (!entry) {
      entry = {
        name,
        listeners: new Set(),
        transport: undefined,
        serverId: undefined,
        subscribing: undefined,
        waiters: new Set(),
        lastKey: undefined,
        lastFields: undefined,
        retryTimer: undefined,
        endings: 0,
        subscribedBefore: false,
      };
      this.entries.set(name, entry);
    }
    const record = new ListenerRecord(
      this,
      name,
      listener as EventListener<unknown>,
      options.onError,
      options.onResubscribed,
      options.signal,
    );
    entry.listeners.add(record);
    try {
      await this.whenSubscribed(entry, options.timeout ?? this.host.defaultTimeout, options.signal);
    } catch (error) {
      record.active = false;
      await this.remove(name, record);
      throw error;
    }
    options.signal?.addEventListener('abort', record, { once: true });
    if (options.current && entry.lastKey !== undefined) {
      this.call(record, entry.lastFields, { collection: name, msg: 'changed', fields: entry.lastFields, caughtUp: true });
    }
    return record;
  }

  /** A new connection is ready: subscribe every event that has listeners on it. */
  attach(transport: Transport): Promise<void> {
    const all = [...this.entries.values()].map((entry) => this.subscribeOn(entry, transport));
    return Promise.all(all).then(() => undefined);
  }

  /** The connection is gone: server subscriptions went with it. */
  detach(): void {
    for (const entry of this.entries.values()) {
      entry.transport = undefined;
      entry.serverId = undefined;
      entry.subscribing = undefined;
    }
  }

  /** Routes a server notification. */
  handleNotification(method: string, params: unknown): void {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      // A server bug or a hostile peer: nothing to route, and nothing here may throw.
      this.host.logger.warn(`ignoring a ${method} notification whose params are not an object`);
      return;
    }
    const p = params as Record<string, unknown>;
    if (method === 'notify_unsubscribed') {
      this.serverEnded(textOf(p.collection), p.error);
      return;
    }
    if (method !== 'collection_update') {
      this.host.logger.debug(`ignoring a notification of unknown method ${method}`);
      return;
    }
    const collection = textOf(p.collection);
    const message: EventMessage = {
      collection,
      msg: (p.msg as EventMessage['msg']) ?? 'changed',
      ...('id' in p ? { id: p.id } : {}),
      ...('fields' in p ? { fields: p.fields } : {}),
      ...('extra' in p ? { extra: p.extra } : {}),
      caughtUp: false,
    };
    const exact = this.entries.get(collection);
    if (exact) this.deliver(exact, message);
    const all = this.entries.get('*');
    if (all && all !== exact) this.deliver(all, message);
    if (!exact && !all) this.host.logger.debug(`ignoring an event of ${collection}: nothing listens to it`);
  }

  /**
   * The server ended the subscription to `name` (`notify_unsubscribed`): it is gone server-side, so
   * it is made again (paced), the listeners stay, and they learn the server's error if it gave one.
   */
  private serverEnded(name: string, error: unknown): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    const transport = entry.transport;
    entry.transport = undefined;
    entry.serverId = undefined;
    const delay = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_FIRST_MS * 2 ** entry.endings);
    entry.endings++;
    this.host.logger.warn(`the server ended the subscription to ${name}; subscribing again in ${delay} ms`, error ?? undefined);
    if (error && typeof error === 'object') {
      this.report(entry, new SubscriptionEndedError(name, error as Partial<TrueNasErrorData>, transport?.url));
    }
    this.retryLater(entry, delay);
  }

  /** Ends every subscription locally (client closed); later subscriptions are refused with `error`. */
  clear(error: unknown): void {
    this.closedWith = { error };
    for (const entry of this.entries.values()) {
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      for (const w of entry.waiters) w.reject(error);
      entry.waiters.clear();
    }
    this.entries.clear();
  }

  private deliver(entry: Entry, message: EventMessage): void {
    const issues =
      message.fields === undefined
        ? undefined
        : this.host.validateEvent(entry.name === '*' ? message.collection : entry.name, message.msg, message.fields);
    if (issues?.length) {
      this.report(entry, new ValidationError(message.collection, issues, 'event'));
      return;
    }
    // Events flow again: a later end of the subscription is met with a quick re-subscription.
    entry.endings = 0;
    const changeOnly = changeOnlySpec(message.collection);
    if (changeOnly && entry.name !== '*') {
      const key = changeOnly.key(message.fields);
      // A value already delivered (e.g. by a caught-up read) is not a change.
      if (key === entry.lastKey) return;
      entry.lastKey = key;
      entry.lastFields = message.fields;
    }
    for (const record of [...entry.listeners]) this.call(record, message.fields, message);
  }

  private call(record: ListenerRecord, fields: unknown, message: EventMessage): void {
    try {
      record.fn(fields, message);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  private resubscribed(record: ListenerRecord): void {
    try {
      record.onResubscribed?.();
    } catch {
      // ignore listener errors
    }
  }

  private report(entry: Entry, error: unknown): void {
    for (const record of entry.listeners) {
      try {
        record.onError?.(error);
      } catch {
        // ignore listener errors
      }
    }
  }

  private whenSubscribed(entry: Entry, timeout: number, signal: AbortSignal | undefined): Promise<void> {
    if (entry.serverId !== undefined && entry.transport?.open) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          cleanup();
          resolve();
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      const onAbort = () => waiter.reject(signal?.reason);
      const timer = setTimeout(() => waiter.reject(new TimeoutError(`subscribe ${entry.name}`, timeout, false)), timeout);
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        entry.waiters.delete(waiter);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.waiters.add(waiter);
      const transport = this.host.currentTransport();
      if (transport) void this.subscribeOn(entry, transport);
      else this.host.requestConnection();
    });
  }

  private async subscribeOn(entry: Entry, transport: Transport): Promise<void> {
    if (entry.listeners.size === 0 || !transport.open) return;
    if ((entry.transport === transport && entry.serverId !== undefined) || entry.subscribing === transport) return;
    entry.subscribing = transport;
    try {
      const id = await transport.call('core.subscribe', [entry.name], { priority: true });
      if (entry.subscribing !== transport) return;
      entry.subscribing = undefined;
      if (this.entries.get(entry.name) !== entry || !transport.open) {
        // Everyone left while the subscription was being made.
        if (transport.open) transport.call('core.unsubscribe', [id], { priority: true }).catch(() => {});
        return;
      }
      entry.transport = transport;
      entry.serverId = String(id);
      await this.catchUp(entry, transport);
      for (const w of [...entry.waiters]) w.resolve();
      if (entry.subscribedBefore) for (const record of [...entry.listeners]) this.resubscribed(record);
      entry.subscribedBefore = true;
    } catch (error) {
      if (entry.subscribing === transport) entry.subscribing = undefined;
      if (error instanceof ConnectionClosedError) return; // the next connection subscribes again
      this.host.logger.warn(`subscribing to ${entry.name} failed`, error);
      for (const w of [...entry.waiters]) w.reject(error);
      this.report(entry, error);
    }
  }

  /** Reads the current value of a change-only event; delivers it when it differs from the last one. */
  private async catchUp(entry: Entry, transport: Transport): Promise<void> {
    const spec = changeOnlySpec(entry.name);
    if (!spec) return;
    let result: unknown;
    try {
      result = await transport.call(spec.method, [], { priority: true });
    } catch (error) {
      if (!(error instanceof ConnectionClosedError)) this.host.logger.debug(`reading ${spec.method} after subscribing failed`, error);
      return;
    }
    const fields = spec.fields(result);
    const key = spec.key(fields);
    if (entry.lastKey === undefined) {
      // First subscription: this is the baseline, not a change.
      entry.lastKey = key;
      entry.lastFields = fields;
      return;
    }
    if (key === entry.lastKey) return;
    entry.lastKey = key;
    entry.lastFields = fields;
    const message: EventMessage = { collection: entry.name, msg: 'changed', fields, caughtUp: true };
    for (const record of [...entry.listeners]) this.call(record, fields, message);
  }

  private retryLater(entry: Entry, delay: number): void {
    if (entry.retryTimer) return;
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      const transport = this.host.currentTransport();
      // Without a connection now, the next one subscribes every event with listeners anyway.
      if (transport && this.entries.get(entry.name) === entry) void this.subscribeOn(entry, transport);
    }, delay);
    (entry.retryTimer as { unref?: () => void }).unref?.();
  }

  /** Removes a listener (its `unsubscribe()`); the server subscription ends with the last one. */
  async remove(name: string, record: ListenerRecord): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.listeners.delete(record);
    if (entry.listeners.size > 0) return;
    this.entries.delete(name);
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    const { transport, serverId } = entry;
    if (transport?.open && serverId !== undefined) {
      await transport.call('core.unsubscribe', [serverId], { priority: true }).catch((error) => {
        this.host.logger.debug(`core.unsubscribe for ${name} failed`, error);
      });
    }
  }
}
