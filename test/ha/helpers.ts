/**
 * Shared by the HA helper tests: a simulator per test, clients of it (WebSocket with the VIP and
 * both controllers, or REST), and a recorder of a workflow's updates. Everything runs over real
 * loopback sockets against the simulator; every wait is bounded.
 */
import { onTestFinished } from 'vitest';
import { type ApiVersion, type Client, type ClientOptions, createClient, type Workflow, type WorkflowUpdate } from '../../src/index.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator.js';

/** Starts a simulator that is stopped when the current test finishes. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 'ha-tests', rateLimit: false, ...options });
  onTestFinished(() => sim.stop());
  return sim;
}

export function adminAuth(sim: Simulator) {
  return { username: sim.credentials.username, apiKey: sim.credentials.apiKey };
}

/** A WebSocket client given the VIP and both controllers (quick reconnects), closed when the test finishes. */
export function pairClient<V extends ApiVersion = ApiVersion>(sim: Simulator, options: ClientOptions<V> = {}): Client<V> {
  const client = createClient<V>({
    urls: { vip: sim.vip.ws, a: sim.a.ws, b: sim.b.ws },
    auth: adminAuth(sim),
    env: false,
    timeout: 30_000,
    reconnect: { initialDelay: 25, maxDelay: 400 },
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}

/** A REST client of `urls` (default: the VIP and both controllers over http), closed when the test finishes. */
export function restClient(
  sim: Simulator,
  urls: { vip?: string; a?: string; b?: string } = { vip: sim.vip.http, a: sim.a.http, b: sim.b.http },
) {
  const client = createClient({ transport: 'rest', urls, auth: adminAuth(sim), env: false, timeout: 30_000 });
  onTestFinished(() => client.close());
  return client;
}

/** Keeps every update of a workflow (attached before it starts). */
export function record<R>(workflow: Workflow<R>): WorkflowUpdate[] {
  const updates: WorkflowUpdate[] = [];
  workflow.on('progress', (u) => updates.push(u));
  return updates;
}

/**
 * The workflow's result; if it has not ended after `within` ms (below the test's own timeout),
 * fails naming the updates seen so far and `state()`, so that a stall says where it stalled.
 */
export async function finished<R>(workflow: Workflow<R>, updates: WorkflowUpdate[], state: () => unknown, within = 25_000): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seen = updates.slice(-12).map((u) => `${u.elapsedMs} ms ${u.type} ${u.phase?.id ?? ''} ${u.description}`);
      reject(
        new Error(`the workflow had not ended after ${within} ms; last updates:\n${seen.join('\n')}\nstate: ${JSON.stringify(state())}`),
      );
    }, within);
  });
  try {
    return await Promise.race([workflow, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles a promise into `{ ok, value }` or `{ ok: false, error }`. */
export async function settle<T>(p: PromiseLike<T>): Promise<{ ok: boolean; value?: T; error?: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Waits until `condition` holds, polling; fails with `what` after `timeout` ms. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeout = 20_000, interval = 25): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Which controller holds the VIP now. */
export function master(sim: Simulator): 'A' | 'B' | null {
  return sim.state().vip.holder;
}

/** Waits until the pair is healthy again (both up, no disabled reasons on the master). */
export function healthy(sim: Simulator, timeout = 20_000): Promise<void> {
  return until(
    () => {
      const s = sim.state();
      const m = s.vip.holder;
      return m !== null && s.nodes[m]?.disabledReasons.length === 0 && s.nodes.A.power === 'up' && s.nodes.B?.power === 'up';
    },
    'a healthy pair',
    timeout,
  );
}
