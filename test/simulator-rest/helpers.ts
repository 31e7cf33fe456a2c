/**
 * Shared by the REST simulator tests: a simulator per test (stopped when it finishes) and a plain
 * `fetch` wrapper for `/api/v2.0`, which is what any third-party REST client would send.
 */
import { request as httpRequest } from 'node:http';
import { onTestFinished } from 'vitest';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

export async function restSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ rateLimit: false, seed: 'rest-tests', ...options });
  onTestFinished(() => sim.stop());
  return sim;
}

export interface RestReply {
  status: number;
  text: string;
  headers: Headers;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export type AuthHeader = { authorization: string } | Record<string, never>;

export const bearer = (key: string): AuthHeader => ({ authorization: `Bearer ${key}` });
export const basic = (username: string, password: string): AuthHeader => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});
export const adminKey = (sim: Simulator) => bearer(sim.credentials.apiKey);

/** `fetch` of `base` + `/api/v2.0` + `path`, bounded in time. */
export async function rest(
  base: string,
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; timeout?: number } = {},
): Promise<RestReply> {
  const response = await fetch(`${base}/api/v2.0${path}`, {
    method: options.method ?? 'GET',
    body: options.body,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) },
    signal: AbortSignal.timeout(options.timeout ?? 15_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, headers: response.headers, json };
}

/** A raw HTTP request (fetch refuses a body on GET, which TrueNAS accepts). */
export function rawRequest(
  base: string,
  path: string,
  method: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/api/v2.0${path}`,
      { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('no answer in 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls until `condition` holds; fails naming `what` after `timeout` ms. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
