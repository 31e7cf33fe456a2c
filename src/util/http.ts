/**
 * Minimal JSON GET for the two unauthenticated HTTP endpoints the client reads: `/api/versions`
 * and `/api/boot_id`. Uses `fetch`, or `node:https` when Node TLS options must apply.
 */
import type { TlsOptions } from '../transport/websocket-like.js';
import { importNodeModule, isNode } from './env.js';

export interface HttpGetOptions {
  tls?: TlsOptions;
  timeout: number;
  signal?: AbortSignal;
}

interface NodeHttpsModule {
  get(
    url: string,
    options: Record<string, unknown>,
    callback: (res: {
      statusCode?: number;
      setEncoding(e: string): void;
      on(event: string, fn: (chunk?: string) => void): void;
      resume(): void;
    }) => void,
  ): { on(event: string, fn: (e: Error) => void): void; destroy(e?: Error): void; setTimeout(ms: number, fn: () => void): void };
}

export async function httpGetJson(url: string, options: HttpGetOptions): Promise<unknown> {
  const useNodeTls = options.tls && Object.keys(options.tls).length > 0 && url.startsWith('https:') && isNode();
  if (!useNodeTls && typeof fetch === 'function') {
    const signals = [AbortSignal.timeout(options.timeout), options.signal].filter((s): s is AbortSignal => s !== undefined);
    const res = await fetch(url, {
      signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`GET ${url} answered HTTP ${res.status}`);
    return await res.json();
  }
  const https = await importNodeModule<NodeHttpsModule>(url.startsWith('https:') ? 'node:https' : 'node:http');
  return await new Promise((resolve, reject) => {
    const req = https.get(url, { ...(options.tls ?? {}), signal: options.signal }, (res) => {
      if ((res.statusCode ?? 0) >= 400) {
        res.resume();
        reject(new Error(`GET ${url} answered HTTP ${res.statusCode}`));
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk ?? '';
        if (body.length > 1_000_000) req.destroy(new Error('response too large'));
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error(`GET ${url} did not answer JSON`));
        }
      });
    });
    req.setTimeout(options.timeout, () => req.destroy(new Error(`GET ${url} timed out after ${options.timeout} ms`)));
    req.on('error', reject);
  });
}
