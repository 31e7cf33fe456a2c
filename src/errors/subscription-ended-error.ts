import { redact } from '../util/redact.js';
import type { TrueNasErrorData } from './call-error.js';
import { errnoName } from './errno.js';
import { TrueNasError } from './truenas-error.js';

/**
 * The server ended a subscription with an error (`notify_unsubscribed`: its event source failed).
 * Reported to the listeners' `onError`; the client subscribes again by itself, and the listeners
 * keep receiving events once it has. `errno`, `errname` and `reason` are the server's.
 */
export class SubscriptionEndedError extends TrueNasError {
  static override readonly kind: string = 'SubscriptionEndedError';
  /** The event whose subscription ended, e.g. `failover.status`. */
  readonly event: string;
  readonly errno: number | undefined;
  readonly errname: string | undefined;
  /** The server's text, e.g. `[EFAULT] Event source failed`. */
  readonly reason: string;
  readonly extra: unknown;
  /** URL of the controller that ended it. */
  readonly url: string | undefined;

  constructor(event: string, data: Partial<TrueNasErrorData> | null, url?: string) {
    const errno = typeof data?.error === 'number' ? data.error : undefined;
    const reason = typeof data?.reason === 'string' ? data.reason : 'the event source ended';
    super(`The server ended the subscription to ${event}: ${reason}. The client subscribes again by itself.`);
    this.event = event;
    this.errno = errno;
    this.errname = typeof data?.errname === 'string' ? data.errname : errno === undefined ? undefined : errnoName(errno);
    // The server's texts may echo input: they pass through the same redaction as messages.
    this.reason = redact(reason);
    this.extra = redact(data?.extra ?? null);
    this.url = url;
  }
}
