import { TrueNasError } from './truenas-error.js';

/** A call, connection attempt or wait took longer than its timeout. */
export class TimeoutError extends TrueNasError {
  static override readonly kind: string = 'TimeoutError';
  /** Method, or what was being waited for. */
  readonly method: string | undefined;
  /** The timeout in ms. */
  readonly timeout: number;
  /** True when the request had reached the server (it may still complete there). */
  readonly sent: boolean;

  /**
   * `cause`: what stood in the way, e.g. for a call that waited for a connection the last connection
   * attempt's error; the default message names it.
   */
  constructor(method: string | undefined, timeout: number, sent = false, message?: string, cause?: unknown) {
    const what = method ?? 'the operation';
    const why = cause instanceof Error ? ` Last connection error: ${cause.message}` : '';
    super(
      message ??
        (sent
          ? `${what} got no answer within ${timeout} ms; the request reached the server, which may still complete it.`
          : `${what} did not start within ${timeout} ms (no ready connection to the controller in time); nothing was sent.${why}`),
      { cause },
    );
    this.method = method;
    this.timeout = timeout;
    this.sent = sent;
  }
}
