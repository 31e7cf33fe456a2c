/**
 * One HTTP exchange with a controller (REST calls, uploads, and the unauthenticated `/api/versions`
 * and `/api/boot_id` that both transports read): through `node:http` in Node (node-http.ts, which
 * the platform module hands in: browser builds have none), and through `fetch` elsewhere.
 */
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { isNode } from '../util/env.js';
import { classifyHttpFailure, type HttpExchange, HttpResponseTooLargeError, type HttpSendOptions } from './http-exchange.js';
import type { NodeHttp } from './node-http.js';
import { NodeHttp as PlatformNodeHttp } from './platform/node.js';
import type { TlsOptions } from './tls.js';

export { type HttpExchange, HttpNetworkError, HttpResponseTooLargeError, type HttpSendOptions } from './http-exchange.js';

// Responses above this are refused unless the client gives its own limit (`maxIncomingMessage`).
const MAX_RESPONSE = 16 * 1024 * 1024;

/** A `GET` for JSON got another status than 200. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url} answered HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

export class HttpClient {
  private readonly nodeTls: boolean;
  /** Node's sender, in Node; undefined in browsers (and in a browser-like test environment). */
  private readonly node: NodeHttp | undefined;

  constructor(
    tls: TlsOptions | undefined,
    private readonly maxResponse = MAX_RESPONSE,
  ) {
    this.nodeTls = tls !== undefined && Object.keys(tls).length > 0;
    this.node = PlatformNodeHttp && isNode() ? new PlatformNodeHttp(tls, maxResponse) : undefined;
  }

  /** Sends one request; rejects with `HttpNetworkError`, `TlsCertificateError` or the signal's reason. */
  async send(options: HttpSendOptions): Promise<HttpExchange> {
    if (this.node) return this.node.send(options);
    if (this.nodeTls && options.url.startsWith('https:'))
      throw new NotSupportedByTransportError('tls options', 'browser fetch', 'the browser decides which certificates to trust');
    let response: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: options.verb,
        headers: options.headers,
        body: options.body,
        signal: options.signal,
        // A redirect (e.g. http → https) must not carry the credentials anywhere by itself.
        redirect: 'manual',
      };
      // A streamed body needs half-duplex mode (where fetch takes streams; browsers get Blobs, see upload/image.ts).
      if (typeof ReadableStream !== 'undefined' && options.body instanceof ReadableStream) init.duplex = 'half';
      response = await fetch(options.url, init);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      throw classifyHttpFailure(options.url, error);
    }
    let text: string;
    try {
      text = await this.readText(options.url, response);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (error instanceof HttpResponseTooLargeError) throw error;
      throw classifyHttpFailure(options.url, error);
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      location: response.headers.get('location') ?? undefined,
    };
  }

  /** The body as text, refused (and the rest of it discarded) once it passes `maxResponse` bytes. */
  private async readText(url: string, response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > this.maxResponse || !response.body) {
      await response.body?.cancel().catch(() => {});
      if (declared > this.maxResponse) throw new HttpResponseTooLargeError(url, this.maxResponse);
      return '';
    }
    // A declared length frames the body (the parser reads exactly that many bytes), so the
    // platform's own reader is bounded too, and faster than reading chunk by chunk.
    if (Number.isFinite(declared)) return await response.text();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxResponse) {
        await reader.cancel().catch(() => {});
        throw new HttpResponseTooLargeError(url, this.maxResponse);
      }
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      whole.set(chunk, at);
      at += chunk.byteLength;
    }
    return new TextDecoder().decode(whole);
  }

  /** `GET url` answered with JSON (status 200); rejects like `send`, or with an Error for another status or body. */
  async getJson(url: string, signal: AbortSignal): Promise<unknown> {
    const exchange = await this.send({ url, verb: 'GET', headers: { accept: 'application/json' }, body: undefined, signal });
    if (exchange.status !== 200) throw new HttpStatusError(url, exchange.status);
    try {
      return JSON.parse(exchange.text);
    } catch {
      throw new Error(`GET ${url} did not answer JSON`);
    }
  }

  /** Drops the idle keep-alive connections of the Node agents, if any were made. */
  close(): void {
    this.node?.close();
  }
}
