/**
 * TrueNAS's REST answers mapped onto the client's error classes, so that code written against the
 * WebSocket client catches the same things: 422 call errors become `CallError` with the errno and
 * the `[ERRNAME] message` reason a WebSocket reply carries; 422 validation bodies and 400 shape
 * refusals become `ValidationError` with field paths; 401 and a bad token are `AuthError`; a bare
 * 403 is the "Not authorized" `CallError` (errno 13); a route the server does not have is
 * `NotAvailableOverRestError`.
 */
import { AuthError } from '../../errors/auth-error.js';
import { CallError } from '../../errors/call-error.js';
import { ERRNO, errnoName } from '../../errors/errno.js';
import { MessageTooLargeError } from '../../errors/message-too-large-error.js';
import { NotAvailableOverRestError } from '../../errors/not-available-over-rest-error.js';
import { TrueNasError } from '../../errors/truenas-error.js';
import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import { textOf } from '../../util/text.js';
import type { HttpExchange } from '../http.js';

export interface ResponseContext {
  method: string;
  /** Full URL of the request (no query string secrets: credentials travel in headers). */
  url: string;
  apiVersion: string;
  /** `Bearer`, `Basic` or `Token`, for auth errors. */
  scheme: string | undefined;
  bodySize: number;
}

export const RPC_CALL_ERROR = -32001;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
/** TrueNAS's default request size limit (aiohttp's `client_max_size`). */
export const MAX_REQUEST_BODY = 1024 * 1024;

function parseJson(exchange: HttpExchange): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(exchange.text) };
  } catch {
    return { ok: false };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{"<attribute>": [{"message", "errno"}, …], …}` → issues; undefined when the body is not that shape. */
function validationIssues(body: unknown): ValidationIssue[] | undefined {
  if (!isRecord(body)) return undefined;
  const issues: ValidationIssue[] = [];
  for (const [attribute, list] of Object.entries(body)) {
    if (!Array.isArray(list)) return undefined;
    for (const item of list) {
      if (!isRecord(item)) return undefined;
      issues.push({
        // Python writes a missing attribute (None) as the key "null".
        attribute: attribute === 'null' ? '' : attribute,
        message: textOf(item.message),
        errno: typeof item.errno === 'number' ? item.errno : ERRNO.EINVAL,
      });
    }
  }
  return issues;
}

function callError(ctx: ResponseContext, text: string, errno: number | undefined, code = RPC_CALL_ERROR, trace?: string): CallError {
  const errname = errno === undefined ? undefined : errnoName(errno);
  const reason = errname ? `[${errname}] ${text}` : text;
  return new CallError(`${ctx.method} failed: ${reason}`, {
    method: ctx.method,
    code,
    rpcMessage: code === RPC_CALL_ERROR ? 'Method call error' : undefined,
    data: {
      error: errno,
      errname,
      reason,
      trace: trace ? { class: 'Exception', formatted: trace, repr: '' } : null,
      extra: null,
    },
    url: ctx.url,
  });
}

/** The typed error for a non-2xx answer. */
export function errorFromResponse(exchange: HttpExchange, ctx: ResponseContext): Error {
  const json = parseJson(exchange);
  const body = json.ok ? json.value : undefined;
  const text = exchange.text.trim();
  switch (exchange.status) {
    case 400: {
      const message = isRecord(body) && typeof body.message === 'string' ? body.message : text || 'Bad Request';
      return new ValidationError(ctx.method, [{ attribute: '', message, errno: ERRNO.EINVAL }], 'server', { url: ctx.url });
    }
    case 401: {
      const otp = /OTP/i.test(text);
      return new AuthError(
        otp
          ? `${ctx.url} refused Basic authentication because two-factor authentication is enabled; use an API key over REST, or a WebSocket client (it can ask for the one-time password).`
          : `${ctx.url} refused the credentials (${ctx.scheme ?? 'none sent'}): ${text || 'Unauthorized'}.`,
        { failure: otp ? 'OTP_REQUIRED' : 'AUTH_ERR', mechanism: ctx.scheme, url: ctx.url },
      );
    }
    case 403:
      if (text && ctx.scheme === 'Token') {
        return new AuthError(`${ctx.url} refused the token: ${text}.`, { failure: 'AUTH_ERR', mechanism: 'Token', url: ctx.url });
      }
      if (text)
        return new AuthError(`${ctx.url} refused the request: ${text}.`, { failure: 'DENIED', mechanism: ctx.scheme, url: ctx.url });
      return callError(ctx, 'Not authorized', ERRNO.EACCES);
    case 404:
      // A JSON body is TrueNAS's "item not found"; aiohttp's plain text means there is no such route.
      if (isRecord(body) && 'message' in body) return callError(ctx, textOf(body.message) || 'Not found', ERRNO.ENOENT);
      return new NotAvailableOverRestError(ctx.method, ctx.apiVersion);
    case 405:
      return new NotAvailableOverRestError(ctx.method, ctx.apiVersion);
    case 413:
      return new MessageTooLargeError(ctx.method, ctx.bodySize, MAX_REQUEST_BODY, true);
    case 422: {
      if (isRecord(body) && typeof body.message === 'string' && (body.errno === undefined || typeof body.errno === 'number')) {
        return callError(ctx, body.message, typeof body.errno === 'number' ? body.errno : undefined);
      }
      const issues = validationIssues(body);
      if (issues && issues.length > 0) return new ValidationError(ctx.method, issues, 'server', { url: ctx.url });
      return callError(ctx, text || 'Unprocessable request', undefined);
    }
    default:
      // Browsers report a redirect they were told not to follow as an opaque status 0.
      if (exchange.status === 0 || (exchange.status >= 300 && exchange.status < 400)) {
        return new TrueNasError(
          `${ctx.url} answered HTTP ${exchange.status}${exchange.location ? `, redirecting to ${exchange.location}` : ''}: ` +
            'the client does not follow redirects with credentials; configure the address the server redirects to (often https://).',
        );
      }
      if (isRecord(body) && typeof body.message === 'string') {
        return callError(ctx, body.message, undefined, RPC_INTERNAL_ERROR, typeof body.traceback === 'string' ? body.traceback : undefined);
      }
      return callError(ctx, `HTTP ${exchange.status}${text ? `: ${text.slice(0, 200)}` : ''}`, undefined, RPC_INTERNAL_ERROR);
  }
}
