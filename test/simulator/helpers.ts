/**
 * A bare JSON-RPC 2.0 WebSocket client for the simulator tests: what any third-party program would
 * send, independent of the project's own client. Every wait is bounded.
 */
import WebSocket from 'ws';
import type { Simulator, SimulatorOptions } from '../../src/simulator.js';
import { startSimulator } from '../../src/simulator.js';

export interface RpcError {
  code: number;
  message: string;
  data?: { error: number; errname: string; reason: string; trace: unknown; extra: unknown };
}

export interface RpcReply {
  id?: unknown;
  result?: unknown;
  error?: RpcError;
}

export interface Notification {
  method: string;
  params: Record<string, unknown>;
}

export class RpcConnection {
  readonly notifications: Notification[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  isClosed = false;
  private nextId = 0;
  private readonly pending = new Map<unknown, (reply: RpcReply) => void>();
  readonly replies: RpcReply[] = [];

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as RpcReply & Partial<Notification>;
      if (message.method) {
        this.notifications.push(message as Notification);
        return;
      }
      this.replies.push(message);
      const resolve = this.pending.get(message.id);
      if (resolve) {
        this.pending.delete(message.id);
        resolve(message);
      }
    });
  }

  /** Sends a request and resolves with the whole reply (result or error). */
  request(method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<RpcReply> {
    const id = `c${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.closed.then(() => {
        if (this.pending.delete(id)) {
          clearTimeout(timer);
          reject(new Error(`${method}: connection closed`));
        }
      });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends a request and resolves with its result; rejects with the JSON-RPC error. */
  async call<T = unknown>(method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<T> {
    const reply = await this.request(method, params, timeoutMs);
    if (reply.error) throw Object.assign(new Error(`${method}: ${reply.error.data?.reason ?? reply.error.message}`), { rpc: reply.error });
    return reply.result as T;
  }

  send(raw: string | Buffer): void {
    this.ws.send(raw);
  }

  /** Waits for a notification matching `match`, looking at those already received first. */
  async waitFor(match: (n: Notification) => boolean, timeoutMs = 10_000): Promise<Notification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching notification in ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  close(): void {
    this.ws.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds (bounded). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Opens a WebSocket; a handshake that neither succeeds nor fails within `timeoutMs` is an error, never a hang. */
export async function connect(base: string, path = '/api/current', timeoutMs = 10_000): Promise<RpcConnection> {
  const ws = new WebSocket(`${base}${path}`, { rejectUnauthorized: false, handshakeTimeout: timeoutMs });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return new RpcConnection(ws);
}

/** Logs in with the admin API key (API_KEY_PLAIN); throws unless SUCCESS. */
export async function login(c: RpcConnection, sim: Simulator, which: 'admin' | 'readonly' = 'admin'): Promise<void> {
  const creds = which === 'admin' ? sim.credentials : sim.credentials.readonly;
  const reply = await c.call<{ response_type: string }>('auth.login_ex', [
    { mechanism: 'API_KEY_PLAIN', username: creds.username, api_key: creds.apiKey, login_options: { user_info: false } },
  ]);
  if (reply.response_type !== 'SUCCESS') throw new Error(`login: ${JSON.stringify(reply)}`);
}

/** A logged-in connection to the given base URL. */
export async function session(base: string, sim: Simulator, which: 'admin' | 'readonly' = 'admin'): Promise<RpcConnection> {
  const c = await connect(base);
  await login(c, sim, which);
  return c;
}

/** A root connection over a controller's local UNIX socket (needs `unixSockets: true`). */
export async function rootSession(sim: Simulator, node: 'A' | 'B'): Promise<RpcConnection> {
  const path = (node === 'A' ? sim.a : sim.b).unix;
  if (!path) throw new Error('start the simulator with unixSockets: true');
  const ws = new WebSocket(`ws+unix://${path}:/api/current`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return new RpcConnection(ws);
}

/** Starts a simulator for a test with quiet defaults (no rate limit, fast time). */
export function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ rateLimit: false, seed: 'test', ...options });
}

/** Waits until the VIP answers MASTER from a node other than `previous`; returns the new node. */
export async function waitForNewMaster(sim: Simulator, previous: string, timeoutMs = 20_000): Promise<string> {
  let node = previous;
  await waitUntil(
    async () => {
      const c = await session(sim.vip.ws, sim);
      try {
        if ((await c.call('failover.status', [], 2000)) !== 'MASTER') return false;
        node = await c.call<string>('failover.node', [], 2000);
        return node !== previous;
      } finally {
        c.close();
      }
    },
    timeoutMs,
    `a new master other than ${previous}`,
  );
  return node;
}

export interface JobRecord {
  id: number;
  method: string;
  state: string;
  error: string | null;
  exc_info: { type: string | null; errno: number | null; extra: unknown; repr: string | null } | null;
  result: unknown;
  arguments: unknown[];
}

/** Waits until job `id` of the connection's controller has ended (SUCCESS, FAILED or ABORTED); returns it. */
export async function finishedJob(c: RpcConnection, id: number, timeoutMs = 20_000): Promise<JobRecord> {
  let job: JobRecord | undefined;
  await waitUntil(
    async () => {
      job = await c.call<JobRecord>('core.get_jobs', [[['id', '=', id]], { get: true }]);
      return ['SUCCESS', 'FAILED', 'ABORTED'].includes(job.state);
    },
    timeoutMs,
    `job ${id} to end`,
  );
  return job!;
}

/** Sends a request written by hand (e.g. `5.0`, which JSON.stringify cannot produce) and waits for the reply with `id`. */
export async function requestText(c: RpcConnection, id: string, text: string, timeoutMs = 10_000): Promise<RpcReply> {
  c.send(text);
  let reply: RpcReply | undefined;
  await waitUntil(() => (reply = c.replies.find((r) => r.id === id)) !== undefined, timeoutMs, `reply ${id}`);
  return reply!;
}
