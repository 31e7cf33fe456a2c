/**
 * What the HA helpers need from a client: calls by wire name, subscriptions, the client's own
 * events and the controller it reached. The WebSocket client provides all of it; a REST client
 * provides calls only (its `subscribe` throws `NotSupportedByTransportError`), and the helpers
 * fall back to polling.
 */

import type { ControllerIdentity } from '../client/identity.js';
import type { ClientEvents, ClientState } from '../client/types.js';
import type { EventListener, SubscribeOptions, Subscription } from '../events/types.js';
import type { UpdateImage } from '../transport/upload/image.js';
import type { CallOptions } from '../types/call-options.js';

export interface HaHost {
  readonly state: ClientState;
  readonly apiVersion: string | undefined;
  readonly controller: ControllerIdentity | undefined;
  /** Resolves with the result of a plain method, or returns a `Job` for a job method. */
  call(method: string, params?: readonly unknown[], options?: CallOptions): unknown;
  /** A job method with a file (`POST /_upload`); returns its `Job`. */
  upload(method: string, params: readonly unknown[], image: UpdateImage, options?: CallOptions): unknown;
  subscribe(event: string, listener: EventListener<unknown>, options?: SubscribeOptions): Promise<Subscription>;
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
}

/** Calls a plain method through the host and types its result as the caller expects. */
export function callMethod<T>(host: HaHost, method: string, params: readonly unknown[], options: CallOptions): Promise<T> {
  return Promise.resolve(host.call(method, params, options)) as Promise<T>;
}
