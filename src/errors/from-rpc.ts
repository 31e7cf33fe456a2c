/** Turns a JSON-RPC error object from the server into the matching typed error. */

import { textOf } from '../util/text.js';
import type { ValidationIssue } from '../validation/arguments.js';
import { CallError, type TrueNasErrorData } from './call-error.js';
import { ValidationError } from './validation-error.js';

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: Partial<TrueNasErrorData> | null;
}

export const RPC_INVALID_PARAMS = -32602;
export const RPC_TOO_MANY_CALLS = -32000;
export const RPC_METHOD_NOT_FOUND = -32601;

/** Validation triples `[attribute, message, errno]` from `extra`, or none. */
export function issuesFromExtra(extra: unknown): ValidationIssue[] {
  if (!Array.isArray(extra)) return [];
  return extra
    .filter((t): t is unknown[] => Array.isArray(t))
    .map(([attribute, message, errno]) => ({
      attribute: textOf(attribute),
      message: textOf(message),
      errno: typeof errno === 'number' ? errno : 22,
    }));
}

export function errorFromRpc(method: string, error: RpcErrorObject, url?: string): CallError {
  const data = error.data && typeof error.data === 'object' ? error.data : null;
  // Any JSON may arrive as the message; it is made text once, here.
  const rpcMessage = textOf(error.message);
  if (error.code === RPC_INVALID_PARAMS) {
    const issues = issuesFromExtra(data?.extra);
    if (issues.length === 0 && typeof data?.reason === 'string') issues.push({ attribute: '', message: data.reason, errno: 22 });
    return new ValidationError(method, issues, 'server', { data, url, code: error.code, rpcMessage });
  }
  const reason = typeof data?.reason === 'string' && data.reason ? data.reason : rpcMessage;
  return new CallError(`${method} failed: ${reason}`, { method, code: error.code, rpcMessage, data, url });
}
