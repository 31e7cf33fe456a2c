import type { ValidationIssue } from '../validation/arguments.js';
import { CallError, type CallErrorDetails } from './call-error.js';
import { ERRNO } from './errno.js';

export type { ValidationIssue };

/** Where a validation problem was found. */
export type ValidationSource = 'client' | 'server' | 'result' | 'event';

/**
 * Input (or, with `validate: 'all'`, a result) did not match the schema. `issues` names each field
 * as TrueNAS does: the argument name followed by the field path, e.g. `data.timeout`. With
 * `source: 'client'` nothing was sent to the server.
 */
export class ValidationError extends CallError {
  static override readonly kind: string = 'ValidationError';
  readonly issues: readonly ValidationIssue[];
  readonly source: ValidationSource;

  constructor(method: string, issues: readonly ValidationIssue[], source: ValidationSource, details: Partial<CallErrorDetails> = {}) {
    const lines = issues.map((i) => (i.attribute ? `${i.attribute}: ${i.message}` : i.message));
    const where =
      source === 'client'
        ? 'invalid arguments (checked before sending; nothing was sent)'
        : source === 'server'
          ? 'the server rejected the arguments'
          : source === 'result'
            ? 'the result does not match the schema'
            : 'an event does not match the schema';
    super(`${method}: ${where}: ${lines.join('; ')}`, {
      code: -32602,
      rpcMessage: 'Invalid params',
      ...details,
      method,
      data: details.data ?? {
        error: ERRNO.EINVAL,
        errname: 'EINVAL',
        reason: lines.map((l) => `[EINVAL] ${l}`).join('\n'),
        trace: null,
        extra: issues.map((i) => [i.attribute, i.message, i.errno]),
      },
    });
    this.issues = issues;
    this.source = source;
  }
}
