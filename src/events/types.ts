/** Public shapes of event delivery. */
import type { AsyncDisposableLike } from '../types/disposable.js';

/** One event notification (`collection_update`), as handed to listeners. */
export interface EventMessage<F = unknown> {
  /** Event name, e.g. `failover.status`. */
  collection: string;
  /** `added`, `changed` or `removed`. */
  msg: 'added' | 'changed' | 'removed';
  /** Item id, when the server supplied one (job id for `core.get_jobs`). */
  id?: unknown;
  /** The payload. */
  fields?: F;
  /** Additional keys the server passed. */
  extra?: unknown;
  /**
   * True when the client made this change itself: after (re)subscribing it read the current value
   * of a change-only event (`failover.status`, `failover.disabled.reasons`) and it differed from the
   * last value delivered, e.g. a promotion that happened while the client was reconnecting.
   */
  caughtUp: boolean;
}

export type EventListener<F = unknown> = (fields: F, message: EventMessage<F>) => void;

export interface SubscribeOptions {
  /** Aborting it ends the subscription (for this listener). */
  signal?: AbortSignal;
  /** How long to wait for a connection and the server's subscription id, in ms. Default: the client's timeout. */
  timeout?: number;
  /** Called when the subscription fails later (refused after a reconnect, ended by the server, an invalid event). */
  onError?: (error: unknown) => void;
  /**
   * For change-only events: deliver the current value at once (marked `caughtUp`). TrueNAS
   * itself never pushes the current value on subscribe. Default false.
   */
  current?: boolean;
}

/** A listener's subscription. The server subscription is shared by every listener of the event. */
export interface Subscription extends AsyncDisposableLike {
  readonly event: string;
  /** False after `unsubscribe()`. */
  readonly active: boolean;
  /** Removes the listener; the server subscription ends with the last listener. */
  unsubscribe(): Promise<void>;
}
