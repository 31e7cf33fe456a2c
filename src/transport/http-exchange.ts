/**
 * What an HTTP exchange is, and how its failures are named: shared by the client (http.ts) and its
 * Node sender (node-http.ts).
 */
import { TlsCertificateError } from '../errors/tls-certificate-error.js';
import { isCertificateCode, neverConnected, systemCode } from './connect-failure.js';

export interface HttpExchange {
  status: number;
  contentType: string;
  text: string;
  /** `Location` of a redirect. */
  location: string | undefined;
}

export interface HttpSendOptions {
  url: string;
  verb: string;
  headers: Record<string, string>;
  /** JSON text, or an upload: a Blob (size known) or a byte stream (sent chunked, never held whole). */
  body: string | Blob | ReadableStream<Uint8Array> | undefined;
  signal: AbortSignal;
}

/**
 * The request did not get an answer. `connected` false means it never reached the server (refused,
 * unresolvable, unreachable): safe to send again. Otherwise the server may have received it.
 */
export class HttpNetworkError extends Error {
  constructor(
    readonly code: string,
    readonly connected: boolean,
    cause?: unknown,
  ) {
    super(`network error (${code})`, { cause });
    this.name = 'HttpNetworkError';
  }
}

/** An answer larger than the limit: refused as it arrives, never held whole. */
export class HttpResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly limit: number,
  ) {
    super(`${url} answered more than ${limit} bytes`);
    this.name = 'HttpResponseTooLargeError';
  }
}

/** The typed error for a request that failed before an answer came: a certificate refused, or a network error. */
export function classifyHttpFailure(url: string, error: unknown): Error {
  const cause = (error as { cause?: { name?: unknown } })?.cause;
  // fetch refuses some ports itself (6000, 6665–6669, …: the Fetch standard's "bad port") with a bare
  // Error: its message is then the only cause there is.
  const bare = cause?.name === 'Error' && typeof (cause as { message?: unknown }).message === 'string';
  const code =
    systemCode(error) ??
    (bare ? String((cause as { message: string }).message) : String(cause?.name ?? (error as { name?: unknown })?.name ?? 'network error'));
  if (isCertificateCode(code)) return new TlsCertificateError(url, code, error);
  return new HttpNetworkError(code, !neverConnected(code), error);
}
