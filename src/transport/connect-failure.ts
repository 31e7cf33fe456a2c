/**
 * Why an address could not be reached, read from what a socket or `fetch` reported: the system's
 * code (`ECONNREFUSED`, `ENOTFOUND`, a TLS code), an HTTP status instead of the API, or a timeout,
 * turned into a `ConnectionError` (a `TlsCertificateError` for an untrusted certificate).
 */
import { ConnectionError, type ConnectionFailure } from '../errors/connection-error.js';
import { TlsCertificateError } from '../errors/tls-certificate-error.js';

// Node's codes for a certificate it will not trust; retrying does not change them.
const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/;
// Other TLS failures: the server does not speak TLS there, or no common protocol.
const TLS_ERRORS = /^(ERR_SSL_|ERR_TLS_|EPROTO$)/;

const FAILURES: Record<string, ConnectionFailure> = {
  ECONNREFUSED: 'REFUSED',
  ENOTFOUND: 'UNRESOLVED',
  EAI_AGAIN: 'UNRESOLVED',
  EAI_FAIL: 'UNRESOLVED',
  EAI_NONAME: 'UNRESOLVED',
  EHOSTUNREACH: 'UNREACHABLE',
  ENETUNREACH: 'UNREACHABLE',
  EHOSTDOWN: 'UNREACHABLE',
  EADDRNOTAVAIL: 'UNREACHABLE',
  ETIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  ECONNRESET: 'CUT_OFF',
  ECONNABORTED: 'CUT_OFF',
  EPIPE: 'CUT_OFF',
  UND_ERR_SOCKET: 'CUT_OFF',
  UND_ERR_CLOSED: 'CUT_OFF',
};

/** True for an untrusted certificate's code. */
export function isCertificateCode(code: string): boolean {
  return CERTIFICATE_ERRORS.test(code);
}

/** What kind of failure a system error code means. */
export function failureOfCode(code: string): ConnectionFailure {
  return FAILURES[code] ?? (TLS_ERRORS.test(code) || CERTIFICATE_ERRORS.test(code) ? 'TLS' : 'OTHER');
}

/** True when a request that failed with `code` never reached the server (refused, unresolvable, unreachable). */
export function neverConnected(code: string): boolean {
  const failure = FAILURES[code];
  return failure === 'REFUSED' || failure === 'UNRESOLVED' || failure === 'UNREACHABLE' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

type Reported = { code?: unknown; status?: unknown; name?: unknown; message?: unknown; cause?: Reported; error?: Reported };

/** The system's error code in a Node error, a `fetch` error's cause, or a `ws` error event. */
export function systemCode(error: unknown): string | undefined {
  const e = error as Reported | undefined;
  const code = e?.code ?? e?.error?.code ?? e?.cause?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const e = error as Reported | undefined;
  if (typeof e?.status === 'number') return e.status;
  // `ws` reports a refused upgrade as "Unexpected server response: 404".
  const text = String(e?.error?.message ?? e?.message ?? '');
  const match = /Unexpected server response: (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function isTimeout(error: unknown): boolean {
  return (error as Reported | undefined)?.name === 'TimeoutError';
}

export interface FailureContext {
  /** The time that ran out, for a timeout. */
  timeout?: number;
  /** What was being done, named in the message (`GET /api/versions`, `the login`). */
  during?: string;
}

/** The `ConnectionError` for `url` given the error reported while connecting to it. */
export function connectionError(url: string, error: unknown, context: FailureContext = {}): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const code = systemCode(error);
  if (code && isCertificateCode(code)) return new TlsCertificateError(url, code, error);
  const status = httpStatus(error);
  if (status !== undefined) return new ConnectionError(url, { failure: 'HTTP_STATUS', status, during: context.during, cause: error });
  if (isTimeout(error))
    return new ConnectionError(url, { failure: 'TIMEOUT', timeout: context.timeout, during: context.during, cause: error });
  const failure = code ? failureOfCode(code) : 'OTHER';
  const e = error as Reported | undefined;
  const message = e?.error?.message ?? e?.message;
  return new ConnectionError(url, {
    failure,
    code,
    during: context.during,
    detail: failure === 'OTHER' && typeof message === 'string' && message !== '' ? message : undefined,
    cause: error,
  });
}
