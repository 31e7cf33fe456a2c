import { redact } from '../util/redact.js';
import { errnoName } from './errno.js';
import { TrueNasError, type TrueNasErrorOptions } from './truenas-error.js';

/** Traceback information the server attaches to an error. */
export interface ErrorTrace {
  class: string;
  formatted: string;
  repr: string;
}

/** The server's `error.data` object (a TrueNAS error). */
export interface TrueNasErrorData {
  error: number;
  errname: string;
  reason: string;
  trace: ErrorTrace | null;
  extra: unknown;
  py_exception?: string;
}

export interface CallErrorDetails extends TrueNasErrorOptions {
  method: string;
  /** JSON-RPC error code (-32001 for a call error, -32602 for invalid params, ...). */
  code: number;
  /** JSON-RPC error message ("Method call error"). */
  rpcMessage?: string;
  /** TrueNAS error data, when present. */
  data?: Partial<TrueNasErrorData> | null;
  /** URL of the controller that answered. */
  url?: string;
}

/** The server answered a call with an error. */
export class CallError extends TrueNasError {
  static override readonly kind: string = 'CallError';
  readonly method: string;
  /** JSON-RPC error code. */
  readonly code: number;
  /** errno (POSIX or TrueNAS-specific, e.g. 210 EHAUNAVAILABLE), or undefined for protocol errors. */
  readonly errno: number | undefined;
  /** Symbolic name of `errno`, e.g. `EFAULT`. */
  readonly errname: string | undefined;
  /** The server's text, e.g. `[EFAULT] Upgrade can only run on Active Controller.` */
  readonly reason: string;
  /** Method-specific details; for validation errors the `[attribute, message, errno]` triples. */
  readonly extra: unknown;
  /** Server-side traceback, when sent. */
  readonly trace: ErrorTrace | null;
  /** URL of the controller that answered. */
  readonly url: string | undefined;

  constructor(message: string, details: CallErrorDetails) {
    super(message, details);
    this.method = details.method;
    this.code = details.code;
    const data = details.data ?? null;
    this.errno = typeof data?.error === 'number' ? data.error : undefined;
    this.errname = typeof data?.errname === 'string' ? data.errname : this.errno === undefined ? undefined : errnoName(this.errno);
    // The server's texts may echo input: they pass through the same redaction as messages.
    this.reason = redact(typeof data?.reason === 'string' ? data.reason : (details.rpcMessage ?? message));
    this.extra = redact(data?.extra ?? null);
    this.trace = redact(data?.trace ?? null);
    this.url = details.url;
  }
}
