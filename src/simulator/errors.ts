/**
 * Errors raised inside the simulator, mirroring TrueNAS's own exception classes so that every
 * transport can report them in TrueNAS's wire shapes: `CallError` (errno + message, reason
 * `[ERRNAME] message`), `ValidationErrors` (attribute/message/errno triples) and the JSON-RPC
 * protocol errors that carry no TrueNAS data.
 */
import { ERRNO, errnoName } from '../errors/errno.js';
import type { ValidationIssue } from '../validation/arguments.js';
import { validationReason } from '../validation/arguments.js';

const pyRepr = (v: unknown): string => {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return JSON.stringify(v);
};

/** A method failure with an errno, as TrueNAS's `CallError`. */
export class SimCallError extends Error {
  constructor(
    readonly errmsg: string,
    readonly errno: number = ERRNO.EFAULT,
    readonly extra: unknown = null,
    /** Python exception class reported in `trace.class` and `exc_info.type`. */
    readonly className = 'CallError',
  ) {
    super(`[${errnoName(errno)}] ${errmsg}`);
    this.name = 'SimCallError';
  }

  /** `[ERRNAME] message`, TrueNAS's `str()` of the exception. */
  get reason(): string {
    return this.message;
  }

  get repr(): string {
    return `${this.className}(${pyRepr(this.errmsg)}, ${this.errno}, ${pyRepr(this.extra)})`;
  }
}

/**
 * One or more validation problems, as TrueNAS's `ValidationError` (one, raised directly by a
 * method) or `ValidationErrors` (argument validation, or a method collecting several).
 */
export class SimValidationErrors extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    /** True for a single `ValidationError`, whose text has no trailing newline. */
    readonly single = false,
  ) {
    super(single ? `[${errnoName(issues[0]!.errno)}] ${issues[0]!.attribute ?? 'None'}: ${issues[0]!.message}` : validationReason(issues));
    this.name = 'SimValidationErrors';
  }

  static one(attribute: string, message: string, errno: number = ERRNO.EINVAL): SimValidationErrors {
    return new SimValidationErrors([{ attribute, message, errno }], true);
  }

  get className(): string {
    return this.single ? 'ValidationError' : 'ValidationErrors';
  }

  get triples(): [string, string, number][] {
    return this.issues.map((i) => [i.attribute, i.message, i.errno]);
  }

  get repr(): string {
    const i = this.issues[0]!;
    return this.single
      ? `ValidationError(${pyRepr(i.attribute)}, ${pyRepr(i.message)}, ${i.errno})`
      : `ValidationErrors(${JSON.stringify(this.triples)})`;
  }
}

/**
 * A Python exception TrueNAS does not adapt (e.g. `MatchNotFound`, an `AttributeError`): reported
 * with errno EINVAL and its bare text, no `[ERRNAME]` prefix.
 */
export class SimUnexpectedError extends Error {
  constructor(
    text: string,
    readonly className = 'Exception',
  ) {
    super(text);
    this.name = 'SimUnexpectedError';
  }

  get repr(): string {
    return `${this.className}(${pyRepr(this.message)})`;
  }
}

/** The `trace` object of a TrueNAS error: a synthetic Python traceback naming the method. */
export function traceOf(className: string, text: string, repr: string, where: string): { class: string; formatted: string; repr: string } {
  return {
    class: className,
    formatted: `Traceback (most recent call last):\n  File "<truenas-failover simulator>", line 1, in ${where}\n${className}: ${text}\n`,
    repr,
  };
}

/** TrueNAS's error object (`error.data` of a JSON-RPC error). */
export interface TrueNasErrorData {
  error: number;
  errname: string;
  reason: string;
  trace: { class: string; formatted: string; repr: string } | null;
  extra: unknown;
}

/** Any error thrown by a handler, as TrueNAS data plus the JSON-RPC code it travels with. */
export function describeError(err: unknown, where: string): { code: number; message: string; data: TrueNasErrorData } {
  if (err instanceof SimValidationErrors) {
    return {
      code: -32602,
      message: 'Invalid params',
      data: {
        error: ERRNO.EINVAL,
        errname: 'EINVAL',
        reason: err.message,
        trace: traceOf(err.className, err.message, err.repr, where),
        extra: err.triples,
      },
    };
  }
  if (err instanceof SimCallError) {
    return {
      code: -32001,
      message: 'Method call error',
      data: {
        error: err.errno,
        errname: errnoName(err.errno),
        reason: err.reason,
        trace: traceOf(err.className, err.reason, err.repr, where),
        extra: err.extra ?? null,
      },
    };
  }
  // Anything else is reported the way TrueNAS reports an unadapted Python exception.
  const unexpected = err instanceof SimUnexpectedError ? err : new SimUnexpectedError(err instanceof Error ? err.message : String(err));
  return {
    code: -32001,
    message: 'Method call error',
    data: {
      error: ERRNO.EINVAL,
      errname: 'EINVAL',
      reason: unexpected.message,
      trace: traceOf(unexpected.className, unexpected.message, unexpected.repr, where),
      extra: null,
    },
  };
}

/** Errno names reused by the peer-connection errors. */
export const peerErrors = {
  refused: () => new SimCallError('Remote connection unavailable', ERRNO.ECONNREFUSED),
  unreachable: () => new SimCallError('Unable to determine remote node IP', ERRNO.EHOSTUNREACH),
  timeout: () => new SimCallError('Call timeout', ERRNO.ETIMEDOUT),
};
