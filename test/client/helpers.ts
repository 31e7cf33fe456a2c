/**
 * Shared by the client tests: a simulator per test (stopped when the test ends), a client on it
 * with test-friendly pacing (closed when the test ends), bounded waiting, and a capturing logger.
 * The transport fixture (`TRANSPORTS`, `clientOver`, `simulatorForBoth`) runs one scenario over
 * WebSocket and over REST with `describe.each(TRANSPORTS)`: the client is one class over both.
 * Everything runs over real loopback sockets against the simulator.
 */
import { onTestFinished } from 'vitest';
import { type ApiVersion, type Client, type ClientOptions, createClient, type Logger } from '../../src/index.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

/** Starts a simulator that is stopped when the current test finishes. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 'client-tests', ...options });
  onTestFinished(() => sim.stop());
  return sim;
}

/** The admin's API key credentials. */
export function apiKeyAuth(sim: Simulator) {
  return { username: sim.credentials.username, apiKey: sim.credentials.apiKey };
}

/** A client of `sim` (VIP, admin API key, no environment, quick reconnects), closed when the test finishes. */
export function clientOf<V extends ApiVersion = ApiVersion>(sim: Simulator, options: ClientOptions<V> = {}): Client<V> {
  const client = createClient<V>({
    url: options.urls ? undefined : sim.vip.ws,
    auth: apiKeyAuth(sim),
    env: false,
    timeout: 20_000,
    reconnect: { initialDelay: 25, maxDelay: 400 },
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}

/** Waits until `condition` holds, polling; fails with `what` after `timeout` ms. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeout = 15_000, interval = 25): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Settles a promise into `{ ok, value }` or `{ ok: false, error }`. */
export async function settle<T>(p: PromiseLike<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A logger that keeps every line (already redacted by the client) with its level. */
export function memoryLogger(): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const add = (level: string) => (message: string, data?: unknown) => {
    lines.push(`${level} ${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`);
  };
  return {
    logger: { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') },
    lines,
    text: () => lines.join('\n'),
  };
}

/** Which controller holds the VIP now. */
export function master(sim: Simulator): 'A' | 'B' | null {
  return sim.state().vip.holder;
}

export const TRANSPORTS = ['websocket', 'rest'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/**
 * The surface both transports share, typed as the WebSocket client of 25.10 (the REST client has
 * the same methods; those TrueNAS does not expose over REST reject at run time).
 */
export type TransportClient = Client<'v25.10.0'>;

/** A simulator both transports can talk to (API 25.10, which still serves REST; no login rate limit). */
export async function simulatorForBoth(options: SimulatorOptions = {}): Promise<Simulator> {
  return simulator({ seed: 'client-both-transports', rateLimit: false, apiVersion: 'v25.10.0', ...options });
}

/** The base URL of `sim`'s VIP (or a controller) for `transport`. */
export function baseUrl(sim: Simulator, transport: TransportName, where: 'vip' | 'a' | 'b' = 'vip'): string {
  const endpoint = sim[where];
  return transport === 'rest' ? endpoint.http : endpoint.ws;
}

/** A client of `sim` over `transport` (VIP, admin API key, no environment, quick retries), closed when the test ends. */
export function clientOver(transport: TransportName, sim: Simulator, options: Partial<ClientOptions<ApiVersion>> = {}): TransportClient {
  const client = createClient({
    url: options.urls ? undefined : baseUrl(sim, transport),
    auth: apiKeyAuth(sim),
    env: false,
    timeout: 20_000,
    reconnect: { initialDelay: 25, maxDelay: 400 },
    ...options,
    transport,
  } as ClientOptions<'v25.10.0'>) as unknown as TransportClient;
  onTestFinished(() => client.close());
  return client;
}

/** The error of a settled promise that must have failed. */
export async function failure(p: PromiseLike<unknown>): Promise<unknown> {
  const outcome = await settle(p);
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}
