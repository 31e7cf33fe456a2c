import { TrueNasError } from './truenas-error.js';

/** The caller's AbortSignal fired. */
export class AbortedError extends TrueNasError {
  static override readonly kind: string = 'AbortedError';
  readonly method: string | undefined;
  /** The signal's reason. */
  readonly reason: unknown;
  readonly sent: boolean;

  constructor(method: string | undefined, reason: unknown, sent = false) {
    const what = method ?? 'The operation';
    super(
      sent
        ? `${what} was aborted by its signal after it was sent; the server may still complete it.`
        : `${what} was aborted by its signal before it was sent.`,
      { cause: reason },
    );
    this.method = method;
    this.reason = reason;
    this.sent = sent;
  }
}
