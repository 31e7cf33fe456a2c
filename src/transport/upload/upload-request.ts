/**
 * `POST /_upload`: one method call that carries a file (spec §5.6), answered `200 {"job_id": N}`.
 * Used by both clients for `failover.upgrade` with an image; the job is then followed like any
 * other. Never retried: once the body may have reached the server, a job may be running there, so a
 * connection cut mid-way is `OutcomeUnknownError` (a write), and `ConnectionClosedError` only when
 * nothing reached it. The answers TrueNAS gives map onto the client's error classes.
 */
import { AuthError } from '../../errors/auth-error.js';
import { CallError } from '../../errors/call-error.js';
import { ConnectionClosedError } from '../../errors/connection-closed-error.js';
import { ERRNO, errnoName } from '../../errors/errno.js';
import { OutcomeUnknownError } from '../../errors/outcome-unknown-error.js';
import { TrueNasError } from '../../errors/truenas-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type HttpClient, HttpNetworkError } from '../http.js';
import { type ImageSource, imageSource, type UpdateImage } from './image.js';
import { multipartBody } from './multipart-body.js';

export interface UploadRequest {
  http: HttpClient;
  /** `http(s)://host:port` of the controller (or VIP). */
  httpBase: string;
  /** `Authorization` header value (`Token …`, `Bearer …`, `Basic …`), or undefined to send none. */
  authorization: string | undefined;
  /** `Token`, `Bearer` or `Basic`, for error messages. */
  scheme: string | undefined;
  method: string;
  params: readonly unknown[];
  image: UpdateImage | ImageSource;
  signal: AbortSignal;
}

const NAMES = new Map<string, number>(Object.entries(ERRNO).map(([name, code]) => [name, code]));

function callError(method: string, url: string, status: number, text: string, code = -32001): CallError {
  // TrueNAS sends `str(CallError)`: `[ERRNAME] message`.
  const m = /^\[([A-Z0-9_]+)\] /.exec(text);
  const errno = m ? (NAMES.get(m[1]!) ?? (m[1] === 'EOPNOTSUPP' ? ERRNO.ENOTSUP : undefined)) : undefined;
  const reason = text || `HTTP ${status}`;
  return new CallError(`${method} failed: ${reason}`, {
    method,
    code,
    rpcMessage: code === -32001 ? 'Method call error' : undefined,
    data: { error: errno, errname: errno === undefined ? undefined : errnoName(errno), reason, trace: null, extra: null },
    url,
  });
}

/** The typed error for an answer other than 200 (TrueNAS's statuses for `/_upload`). */
export function uploadError(method: string, url: string, status: number, body: string, scheme: string | undefined): Error {
  const text = body.trim();
  switch (status) {
    case 400:
      return new ValidationError(method, [{ attribute: '', message: text || 'Bad Request', errno: ERRNO.EINVAL }], 'server', { url });
    case 401:
      return new AuthError(
        /OTP/i.test(text)
          ? `${url} refused Basic authentication because two-factor authentication is enabled.`
          : `${url} refused the credentials (${scheme ?? 'none sent'}): ${text || 'Unauthorized'}.`,
        { failure: /OTP/i.test(text) ? 'OTP_REQUIRED' : 'AUTH_ERR', mechanism: scheme, url },
      );
    case 403:
      // A role that does not grant the method: aiohttp's bare "403: Forbidden". Anything else refused the credential.
      if (text === '' || /^403: Forbidden$/.test(text)) return callError(method, url, status, `[EACCES] Not authorized`);
      return new AuthError(`${url} refused the ${scheme === 'Token' ? 'token' : 'request'}: ${text}.`, {
        failure: 'AUTH_ERR',
        mechanism: scheme,
        url,
      });
    case 412:
    case 422:
      if (text) return callError(method, url, status, text);
      return new TrueNasError(`${url} refused the upload of ${method} (HTTP ${status}): the call has no method name.`);
    case 500:
      return callError(method, url, status, text || 'Internal Server Error', -32603);
    default:
      return new TrueNasError(`${url} refused the upload of ${method} (HTTP ${status})${text ? `: ${text.slice(0, 200)}` : ''}.`);
  }
}

/** Sends the call with its file; resolves with the id of the job it started. */
export async function uploadCall(request: UploadRequest): Promise<number> {
  const { method, httpBase } = request;
  const url = `${httpBase}/_upload`;
  const image =
    typeof request.image === 'object' && request.image !== null && 'kind' in request.image
      ? request.image
      : await imageSource(request.image);
  const { body, contentType } = multipartBody(JSON.stringify({ method, params: request.params }), image);
  const headers: Record<string, string> = { 'content-type': contentType, accept: 'application/json' };
  if (request.authorization) headers.authorization = request.authorization;
  let exchange: Awaited<ReturnType<HttpClient['send']>>;
  try {
    exchange = await request.http.send({ url, verb: 'POST', headers, body, signal: request.signal });
  } catch (error) {
    if (!(error instanceof HttpNetworkError)) throw error;
    if (!error.connected) {
      throw new ConnectionClosedError(`${method}: ${url} could not be reached (${error.code}); nothing was uploaded.`, {
        url,
        method,
        sent: false,
        cause: error,
      });
    }
    // The job may have started before the connection broke: never upload again by ourselves.
    throw new OutcomeUnknownError(method, { url, cause: error });
  }
  if (exchange.status !== 200) throw uploadError(method, url, exchange.status, exchange.text, request.scheme);
  let id: unknown;
  try {
    id = (JSON.parse(exchange.text) as { job_id?: unknown }).job_id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new TrueNasError(`${url} answered ${JSON.stringify(exchange.text.slice(0, 60))} instead of {"job_id": N}.`);
  }
  return id;
}
