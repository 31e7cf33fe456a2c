/** The async-iterator form of a subscription: `for await (const ev of client.events(name, { signal }))`. */
import { SubscriptionEndedError } from '../errors/subscription-ended-error.js';
import { checkSignal } from '../util/signal.js';
import type { EventHub } from './event-hub.js';
import type { EventMessage, SubscribeOptions, Subscription } from './types.js';

export interface EventIteratorOptions extends Omit<SubscribeOptions, 'onError'> {
  /** Events kept while the consumer is slower than the server; the oldest are dropped beyond it. Default 1000. */
  bufferSize?: number;
}

/**
 * Subscribes on the first `next()`. Ends when the signal aborts or the loop breaks (which
 * unsubscribes); rejects the pending `next()` when the subscription fails. A subscription the
 * server ends (`SubscriptionEndedError`) is made again by the client and does not end the loop.
 */
export function eventIterator<F>(hub: EventHub, name: string, options: EventIteratorOptions = {}): AsyncIterableIterator<EventMessage<F>> {
  const buffer: EventMessage<F>[] = [];
  const limit = Math.max(1, options.bufferSize ?? 1000);
  let subscription: Promise<Subscription> | undefined;
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = options.signal;
  checkSignal(`events('${name}')`, signal);

  const end = async () => {
    ended = true;
    wake?.();
    const sub = await subscription?.catch(() => undefined);
    await sub?.unsubscribe();
  };
  signal?.addEventListener('abort', () => void end(), { once: true });

  const start = () => {
    subscription ??= hub.add<F>(
      name,
      (_fields, message) => {
        if (buffer.length >= limit) buffer.shift();
        buffer.push(message as EventMessage<F>);
        wake?.();
      },
      {
        timeout: options.timeout,
        current: options.current,
        onError: (error) => {
          // The server ended the subscription and the client makes it again: the iteration goes on.
          if (error instanceof SubscriptionEndedError) return;
          failure = error;
          wake?.();
        },
      },
    );
    return subscription;
  };

  const iterator: AsyncIterableIterator<EventMessage<F>> = {
    next: async () => {
      if (ended || signal?.aborted) return { value: undefined, done: true };
      await start();
      while (buffer.length === 0 && !ended && failure === undefined && !signal?.aborted) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const value = buffer.shift();
      if (value !== undefined) return { value, done: false };
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        await end();
        throw error;
      }
      return { value: undefined, done: true };
    },
    return: async () => {
      await end();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
