import { ConnectionClosedError } from './connection-closed-error.js';
import type { TrueNasErrorOptions } from './truenas-error.js';

/**
 * Why an address could not be reached. `CUT_OFF` (the connection was reset during the handshake,
 * as when a VIP moves) is the one a retry may cure soon; the others mean a wrong address, a host
 * that is down, or a server that is not what the client expects.
 */
export type ConnectionFailure = 'REFUSED' | 'UNRESOLVED' | 'UNREACHABLE' | 'TIMEOUT' | 'TLS' | 'HTTP_STATUS' | 'CUT_OFF' | 'OTHER';

export interface ConnectionErrorDetails extends TrueNasErrorOptions {
  failure: ConnectionFailure;
  /** The system's error code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `ERR_SSL_WRONG_VERSION_NUMBER`. */
  code?: string;
  /** The HTTP status the server answered instead of the expected one (REST, or a refused WebSocket upgrade). */
  status?: number;
  /** The time allowed, ms (`TIMEOUT`). */
  timeout?: number;
  /** What was being done, e.g. `GET /api/versions`, `the login`; named in the message. */
  during?: string;
  /** The underlying error's own words, added to the message when there is no system code. */
  detail?: string;
  /** Replaces the message built from the other details. */
  message?: string;
}

// What happened (the system's code follows it), then what it usually means.
const WORDS: Record<ConnectionFailure, [string, string]> = {
  REFUSED: ['the connection was refused', ': nothing listens on that port, or a firewall refuses it'],
  UNRESOLVED: ['the host name does not resolve', ''],
  UNREACHABLE: ['the host or its network is unreachable', ''],
  TIMEOUT: ['no answer', ''],
  TLS: ['the TLS handshake failed', ': is the server speaking TLS on that port? For a plain connection use ws:// or http://'],
  HTTP_STATUS: ['the server answered HTTP', ''],
  CUT_OFF: ['the connection was cut during the handshake', ''],
  OTHER: ['the connection could not be opened', ''],
};

function describe(url: string, d: ConnectionErrorDetails): string {
  const code = d.code ? ` (${d.code})` : '';
  const during = d.during ? ` (${d.during})` : '';
  switch (d.failure) {
    case 'TIMEOUT':
      return d.timeout === undefined
        ? `Cannot connect to ${url}: no answer${code}${during}; the host is silent (down, or a firewall drops the traffic).`
        : `Cannot connect to ${url}: no answer within ${d.timeout} ms${during}; the host is silent (down, a firewall drops the traffic, or the server hangs). The limit is connectTimeout.`;
    case 'HTTP_STATUS':
      return `Cannot connect to ${url}: the server answered HTTP ${d.status ?? '?'}${during}; check the address and that it is a TrueNAS controller.`;
    default: {
      const [what, meaning] = WORDS[d.failure];
      const detail = d.failure === 'OTHER' && d.detail ? `: ${d.detail}` : '';
      return `Cannot connect to ${url}: ${what}${code}${during}${meaning}${detail}.`;
    }
  }
}

/**
 * The client could not connect to an address: refused, unresolvable, unreachable, silent within
 * the connect timeout, a failed TLS handshake, or an HTTP status instead of the API. `cause` is
 * the underlying error. Before a connection has ever worked with a single address, this fails the
 * calls at once; once one has worked (or with several addresses) the client keeps trying.
 */
export class ConnectionError extends ConnectionClosedError {
  static override readonly kind: string = 'ConnectionError';
  readonly failure: ConnectionFailure;
  /** The system's error code (`ECONNREFUSED`, `ENOTFOUND`, a TLS code), when there is one. */
  readonly code: string | undefined;
  /** The HTTP status answered instead of the API, when that was the failure. */
  readonly status: number | undefined;

  constructor(url: string, details: ConnectionErrorDetails) {
    super(details.message ?? describe(url, details), { url, cause: details.cause });
    this.failure = details.failure;
    this.code = details.code;
    this.status = details.status;
  }
}
