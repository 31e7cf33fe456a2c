/**
 * HTTP in Node: `node:http` / `node:https` with one keep-alive Agent per scheme (the `https` one
 * carrying the client's `tls` options: a custom CA, `rejectUnauthorized`, client certificates),
 * imported lazily so that this module loads anywhere. Node's built-in `fetch` is not used: it
 * takes TLS options only through an undici dispatcher (the `undici` package), and a request
 * through it cost this machine about 25 % more CPU than through `node:http` (281 vs 216 µs a call
 * on loopback, docs/benchmarks.md). Browsers never load this module (transport/platform/).
 */

import { importNodeModule } from '../util/env.js';
import { systemCode } from './connect-failure.js';
import { classifyHttpFailure, type HttpExchange, HttpResponseTooLargeError, type HttpSendOptions } from './http-exchange.js';
import type { TlsOptions } from './tls.js';

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

export class NodeHttp {
  private readonly agents = new Map<string, Promise<NodeAgent>>();

  constructor(
    private readonly tls: TlsOptions | undefined,
    private readonly maxResponse: number,
  ) {}

  /** Drops the idle keep-alive connections of the agents, if any were made. */
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

  async send(options: HttpSendOptions): Promise<HttpExchange> {
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
                : classifyHttpFailure(
                    options.url,
                    Object.assign(new Error('response cut off'), { code: systemCode(error) ?? 'ECONNRESET' }),
                  ),
            ),
          );
        });
      } catch (error) {
        // An address node:http refuses outright (e.g. an unusable host name) is a network error too.
        reject(classifyHttpFailure(options.url, error));
        return;
      }
      req.on('error', (error) => reject(options.signal.aborted ? options.signal.reason : classifyHttpFailure(options.url, error)));
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
