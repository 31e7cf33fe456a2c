import { TrueNasError } from './truenas-error.js';

/** Too many calls are waiting locally for a free slot on the connection. */
export class QueueFullError extends TrueNasError {
  static override readonly kind: string = 'QueueFullError';
  readonly method: string;
  readonly limit: number;

  constructor(method: string, limit: number) {
    super(`${method} was not sent: ${limit} calls are already waiting locally (maxQueue). Wait for some to finish or raise maxQueue.`);
    this.method = method;
    this.limit = limit;
  }
}
