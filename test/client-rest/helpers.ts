/**
 * Shared by the transport-parameterised client tests: one simulator per test, a client of it over
 * WebSocket or REST (same options otherwise), bounded waiting. Scenarios written against
 * `TransportClient` run unchanged on both transports; everything talks to the simulator over
 * real loopback sockets.
 */
import { onTestFinished } from 'vitest';
import { type ApiVersion, type Client, type ClientOptions, createClient } from '../../src/index.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

export const TRANSPORTS = ['websocket', 'rest'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/**
 * The surface both transports share, typed as the WebSocket client of 25.10 (the REST client has
 * the same methods; those TrueNAS does not expose over REST reject at run time).
 */
export type TransportClient = Client<'v25.10.0'>;

export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 'client-rest-tests', rateLimit: false, apiVersion: 'v25.10.0', ...options });
  onTestFinished(() => sim.stop());
  return sim;
}

export function apiKeyAuth(sim: Simulator) {
  return { username: sim.credentials.username, apiKey: sim.credentials.apiKey };
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

/** Waits until `condition` holds, polling; fails naming `what` after `timeout` ms. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeout = 20_000, interval = 25): Promise<void> {
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

/** The error of a settled promise that must have failed. */
export async function failure(p: PromiseLike<unknown>): Promise<unknown> {
  const outcome = await settle(p);
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}
