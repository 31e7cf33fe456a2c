/**
 * REST v2.0 answers in TrueNAS's shapes: the result as JSON (a job's bare id for job methods),
 * 422 `{"message", "errno"}` for a call error (the text without its `[ERRNAME]` prefix), 422
 * `{"<attribute>": [{"message", "errno"}]}` for validation errors, 404 for a missing item, 500
 * with a traceback for anything unexpected; and aiohttp's plain-text answers for its own errors.
 */
import type { ServerResponse } from 'node:http';
import { SimCallError, SimUnexpectedError, SimValidationErrors, traceOf } from '../errors.js';
import { InjectedRpcError } from '../faults.js';

export interface RestAnswer {
  status: number;
  /** JSON body, or a plain-text body, or nothing. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** TrueNAS serialises REST bodies with `json.dumps(..., indent=True)`, i.e. one space of indent. */
export function sendAnswer(res: ServerResponse, answer: RestAnswer): void {
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  let body = '';
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json, null, 1);
    headers['content-type'] = 'application/json';
  } else if (answer.text !== undefined) {
    body = answer.text;
    headers['content-type'] = 'text/plain; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(answer.status, headers);
  res.end(body);
}

/** aiohttp's own answer for a status (`404: Not Found`, …). */
export function plain(status: number, reason: string, headers?: Record<string, string>): RestAnswer {
  return { status, text: `${status}: ${reason}`, headers };
}

/** A method's failure as TrueNAS's REST layer reports it. */
export function errorAnswer(error: unknown, where: string): RestAnswer {
  if (error instanceof SimValidationErrors) {
    // Python builds a dict: a missing attribute (None) becomes the key "null".
    const body: Record<string, { message: string; errno: number }[]> = {};
    for (const issue of error.issues) {
      const key = issue.attribute === null || issue.attribute === undefined ? 'null' : String(issue.attribute);
      (body[key] ??= []).push({ message: issue.message, errno: issue.errno });
    }
    return { status: 422, json: body };
  }
  if (error instanceof SimCallError) return { status: 422, json: { message: error.errmsg, errno: error.errno } };
  if (error instanceof InjectedRpcError) {
    // Injected protocol errors (-32603, -32000) have no REST equivalent but a server error.
    return { status: 500, json: { message: error.message, traceback: traceOf('Exception', error.message, '', where).formatted } };
  }
  if (error instanceof SimUnexpectedError && error.className === 'MatchNotFound') {
    // str(MatchNotFound()) is empty in Python.
    return { status: 404, json: { message: '' } };
  }
  const text = error instanceof Error ? error.message : String(error);
  const className = error instanceof SimUnexpectedError ? error.className : 'Exception';
  return { status: 500, json: { message: text, traceback: traceOf(className, text, '', where).formatted } };
}
