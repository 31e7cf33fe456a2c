/**
 * The drill's hand on the controllers themselves: a JSON-RPC connection to a controller's local
 * root socket (what `midclt` does on the box), used to inject failovers from either side. It is
 * not the client under test and is kept deliberately bare.
 */
import WebSocket from 'ws';

export class RootSession {
  private nextId = 0;
  private readonly pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: string;
        result?: unknown;
        error?: { message: string; data?: { reason?: string } };
      };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.data?.reason ?? message.error.message));
      else waiter.resolve(message.result);
    });
    ws.on('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('connection closed'));
      this.pending.clear();
    });
    ws.on('error', () => {});
  }

  /** Opens the root socket at `path` (the simulator's `unix` endpoint). */
  static open(path: string, timeoutMs = 5000): Promise<RootSession> {
    const ws = new WebSocket(`ws+unix://${path}:/api/current`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no connection to ${path} in ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new RootSession(ws));
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Calls `method`; rejects with the server's reason, on close, or after `timeoutMs`. */
  call<T = unknown>(method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<T> {
    const id = `drill-${++this.nextId}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends `method` without waiting for an answer (become_passive never answers). */
  send(method: string, params: unknown[] = []): void {
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', id: `drill-${++this.nextId}`, method, params }));
  }

  close(): void {
    this.ws.close();
  }
}
