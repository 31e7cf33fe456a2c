import { TrueNasError } from './truenas-error.js';

/** A request would exceed the server's message size limit (8 KiB before login, 64 KiB after), so it was not sent. */
export class MessageTooLargeError extends TrueNasError {
  static override readonly kind: string = 'MessageTooLargeError';
  readonly method: string;
  /** Size of the encoded request in bytes. */
  readonly size: number;
  readonly limit: number;

  constructor(method: string, size: number, limit: number, authenticated: boolean) {
    super(
      `${method} was not sent: the request is ${size} bytes and TrueNAS closes the connection on messages over ${limit} bytes ` +
        `${authenticated ? 'on a logged-in connection' : 'before login'}.`,
    );
    this.method = method;
    this.size = size;
    this.limit = limit;
  }
}
