/**
 * One HTTP exchange with a controller (REST calls, uploads, and the unauthenticated `/api/versions`
 * and `/api/boot_id` that both transports read). In Node, `node:http` / `node:https` with a
 * keep-alive Agent per client (the `https` one carrying the `tls` options: a custom CA,
 * `rejectUnauthorized`, client certificates), imported lazily so that the main entry stays
 * browser-safe. Elsewhere (browsers), `fetch`. Node's built-in `fetch` is not used: it takes TLS
 * options only through an undici dispatcher (the `undici` package), and a request through it cost
 * this machine about 25 % more CPU than through `node:http` (281 vs 216 µs a call on loopback,
 * docs/benchmarks.md), plus undici's bookkeeping for each request's abort signal.
 */
import { NotSupportedByTransportError } from '../errors/not-supported-by-transport-error.js';
import { TlsCertificateError } from '../errors/tls-certificate-error.js';
import { importNodeModule, isNode } from '../util/env.js';
import { isCertificateCode, neverConnected, systemCode } from './connect-failure.js';
import type { TlsOptions } from './tls.js';

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

// Responses above this are refused unless the client gives its own limit (`maxIncomingMessage`).
const MAX_RESPONSE = 16 * 1024 * 1024;

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

function classify(url: string, error: unknown): Error {
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

interface NodeRequest {
  on(event: 'error', fn: (e: Error) => void): void;
  once(event: 'drain' | 'close', fn: () => void): void;
  off(event: 'drain' | 'close', fn: () => void): void;
  write(chunk: Uint8Array | string): boolean;
  end(body?: string | Uint8Array): void;
  destroy(e?: Error): void;
  readonly destroyed: boolean;
}

interface NodeHttpModule {
  request(url: string, options: Record<string, unknown>, callback: (res: NodeIncoming) => void): NodeRequest;
  Agent: new (options: Record<string, unknown>) => { destroy(): void };
}

interface NodeIncoming {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
  setEncoding(e: string): void;
  on(event: 'data', fn: (chunk: string) => void): void;
  on(event: 'end', fn: () => void): void;
  on(event: 'error', fn: (error: unknown) => void): void;
  destroy(e?: Error): void;
}

interface NodeAgent {
  module: NodeHttpModule;
  agent: { destroy(): void };
}

export class HttpClient {
  private readonly agents = new Map<string, Promise<NodeAgent>>();
  private readonly nodeTls: boolean;

  constructor(
    private readonly tls: TlsOptions | undefined,
    private readonly maxResponse = MAX_RESPONSE,
  ) {
    this.nodeTls = tls !== undefined && Object.keys(tls).length > 0;
  }

  /** Sends one request; rejects with `HttpNetworkError`, `TlsCertificateError` or the signal's reason. */
  async send(options: HttpSendOptions): Promise<HttpExchange> {
    if (isNode()) return this.sendWithNode(options);
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
      throw classify(options.url, error);
    }
    let text: string;
    try {
      text = await this.readText(options.url, response);
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (error instanceof HttpResponseTooLargeError) throw error;
      throw classify(options.url, error);
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
    for (const agent of this.agents.values()) void agent.then(({ agent }) => agent.destroy()).catch(() => {});
    this.agents.clear();
  }

  /** The module and keep-alive Agent for a URL's scheme (`https:` carries the `tls` options). */
  private nodeAgent(url: string): Promise<NodeAgent> {
    const secure = url.startsWith('https:');
    const scheme = secure ? 'https' : 'http';
    let agent = this.agents.get(scheme);
    if (!agent) {
      agent = importNodeModule<NodeHttpModule>(`node:${scheme}`).then((module) => ({
        module,
        agent: new module.Agent({ keepAlive: true, ...(secure ? this.tls : undefined) }),
      }));
      this.agents.set(scheme, agent);
    }
    return agent;
  }

  private async sendWithNode(options: HttpSendOptions): Promise<HttpExchange> {
    const { module, agent } = await this.nodeAgent(options.url);
    options.signal.throwIfAborted();
    return await new Promise<HttpExchange>((resolve, reject) => {
      let req: NodeRequest;
      try {
        req = module.request(options.url, { method: options.verb, headers: options.headers, agent, signal: options.signal }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
            if (text.length > this.maxResponse) {
              res.destroy();
              reject(new HttpResponseTooLargeError(options.url, this.maxResponse));
            }
          });
          res.on('end', () => {
            const header = (name: string) => {
              const value = res.headers[name];
              return Array.isArray(value) ? value[0] : value;
            };
            resolve({ status: res.statusCode ?? 0, contentType: header('content-type') ?? '', text, location: header('location') });
          });
          // The connection closed before the whole answer came (Node reports `aborted`, ECONNRESET).
          res.on('error', (error) =>
            reject(
              options.signal.aborted
                ? options.signal.reason
                : classify(options.url, Object.assign(new Error('response cut off'), { code: systemCode(error) ?? 'ECONNRESET' })),
            ),
          );
        });
      } catch (error) {
        // An address node:http refuses outright (e.g. an unusable host name) is a network error too.
        reject(classify(options.url, error));
        return;
      }
      req.on('error', (error) => reject(options.signal.aborted ? options.signal.reason : classify(options.url, error)));
      writeBody(req, options.body).catch((error: unknown) => req.destroy(error instanceof Error ? error : new Error(String(error))));
    });
  }
}

/** Writes a request body with back-pressure: a Blob or stream chunk by chunk, never whole. */
async function writeBody(req: NodeRequest, body: HttpSendOptions['body']): Promise<void> {
  if (body === undefined || typeof body === 'string') {
    req.end(body);
    return;
  }
  const stream = typeof Blob !== 'undefined' && body instanceof Blob ? body.stream() : (body as ReadableStream<Uint8Array>);
  const reader = stream.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      if (req.destroyed) return;
      if (!req.write(next.value)) await drained(req);
    }
    req.end();
  } finally {
    reader.releaseLock();
  }
}

function drained(req: NodeRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.once('drain', done);
    req.once('close', done);
  });
}
