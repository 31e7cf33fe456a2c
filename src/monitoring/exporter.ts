/**
 * The exporter: one `watchPair` per pair, and an HTTP server (node:http) with `/metrics` (Prometheus
 * text format, prom-client), the status page at `/` (plain HTML and the package's own browser build),
 * `/status.json`, and `/events` (Server-Sent Events of every update, for the page). Nothing it
 * serves holds a credential: the page gets pair states, never client options. Node only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientOptions } from '../client/options.js';
import { assessPair } from './describe.js';
import { createMetrics } from './metrics.js';
import { PAGE_CSS, PAGE_SCRIPT, pageHtml } from './status-page.js';
import type { PairChange, PairWatch } from './types.js';
import { watchPair } from './watch-pair.js';

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9814 } as const;
// Comment lines keep idle event streams open through proxies.
const SSE_KEEPALIVE_MS = 15_000;

export interface ExporterPair {
  name: string;
  connection: ClientOptions;
  /** ms between reads (default: the exporter's `interval`). */
  interval?: number;
  /** ms a read may take. */
  readTimeout?: number;
}

export interface ExporterOptions {
  pairs: readonly ExporterPair[];
  /** Where to listen (default 127.0.0.1:9814; port 0 picks a free one). */
  listen?: { host: string; port: number };
  /** ms between reads of each pair (default: `watchPair`'s, 15 000). */
  interval?: number;
  /** The package's browser build (`index.mjs`) served to the status page. Default: next to this module (dist/). */
  browserBuild?: string;
  /** Called with every change of every pair (for a log). */
  onChange?: (change: PairChange) => void;
}

export interface Exporter {
  /** `http://host:port` */
  readonly url: string;
  readonly watches: readonly PairWatch[];
  /** Stops the server, the event streams and every watch. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css' };

/** The pairs' states as the page and `/status.json` get them: state, verdict and recent changes. */
function pairView(watch: PairWatch) {
  return { state: watch.state, assessment: assessPair(watch.state), changes: watch.changes };
}

/** The directory of a package's files, as Node resolves the package from `from`. */
function packageDir(name: string, from: string): string | undefined {
  try {
    return dirname(createRequire(from).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** Starts watching the pairs and serving; rejects when the address cannot be listened on. */
export async function startExporter(options: ExporterOptions): Promise<Exporter> {
  const names = new Set<string>();
  for (const p of options.pairs) {
    if (names.has(p.name)) throw new TypeError(`startExporter: two pairs are named "${p.name}"`);
    names.add(p.name);
  }
  const watches: PairWatch[] = [];
  try {
    for (const p of options.pairs) {
      watches.push(
        watchPair({ name: p.name, connection: p.connection, interval: p.interval ?? options.interval, readTimeout: p.readTimeout }),
      );
    }
  } catch (error) {
    // Options a client refuses (e.g. http:// and ws:// addresses mixed): stop the watches already started.
    await Promise.allSettled(watches.map((w) => w.close()));
    throw error;
  }
  const streams = new Set<ServerResponse>();
  const registry = createMetrics({ states: () => watches.map((w) => w.state), pageClients: () => streams.size });

  const send = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const offs = watches.map((w) =>
    w.on('update', (update) => {
      for (const change of update.changes) options.onChange?.(change);
      if (streams.size === 0) return;
      const view = pairView(w);
      for (const res of streams) send(res, 'pair', view);
    }),
  );
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, SSE_KEEPALIVE_MS);
  keepAlive.unref();

  const browserBuild = options.browserBuild ?? defaultBrowserBuild();
  const zodDir = packageDir('zod', import.meta.url);
  // The browser build imports `zod/mini` (its validators); `zod` is mapped too for builds that use the classic API.
  const importMap = JSON.stringify({ imports: { 'zod/mini': '/assets/zod/mini/index.js', zod: '/assets/zod/index.js' } });
  const importMapHash = createHash('sha256').update(importMap).digest('base64');
  const html = pageHtml(importMap);
  const headers = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': `default-src 'self'; script-src 'self' 'sha256-${importMapHash}'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'`,
  };

  const serveFile = async (res: ServerResponse, file: string | undefined) => {
    const type = file ? TYPES[extname(file)] : undefined;
    const body = file && type ? await readFile(file).catch(() => undefined) : undefined;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' }).end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://exporter').pathname;
    if (path === '/metrics') {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    } else if (path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/status.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pairs: watches.map(pairView) }));
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      send(res, 'snapshot', { pairs: watches.map(pairView) });
      streams.add(res);
      req.once('close', () => streams.delete(res));
    } else if (path === '/assets/page.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(PAGE_SCRIPT);
    } else if (path === '/assets/page.css') {
      res.writeHead(200, { ...headers, 'content-type': 'text/css; charset=utf-8' }).end(PAGE_CSS);
    } else if (path === '/assets/truenas-failover.mjs') {
      await serveFile(res, browserBuild);
    } else if (path.startsWith('/assets/zod/') && zodDir) {
      // Only files inside the zod package: the browser build imports `zod/mini`, mapped here by the page's import map.
      const file = resolve(zodDir, decodeURIComponent(path.slice('/assets/zod/'.length)));
      await serveFile(res, file.startsWith(zodDir + sep) ? file : undefined);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: see / for the status page and /metrics\n');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`error: ${(error as Error).message}\n`);
    });
  });
  const listen = options.listen ?? DEFAULT_LISTEN;
  const closeWatches = () => Promise.allSettled(watches.map((w) => w.close()));
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(listen.port, listen.host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (error) {
    clearInterval(keepAlive);
    await closeWatches();
    const code = (error as { code?: string }).code;
    throw new Error(`cannot listen on ${listen.host}:${listen.port}${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    watches,
    close() {
      closing ??= (async () => {
        clearInterval(keepAlive);
        for (const off of offs) off();
        for (const res of streams) res.end();
        streams.clear();
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeAllConnections();
        await Promise.all([closed, closeWatches()]);
      })();
      return closing;
    },
  };
}

/** The browser build next to this module: in the package, dist/cli.mjs holds this code and dist/index.mjs is the build. */
function defaultBrowserBuild(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'index.mjs');
}
