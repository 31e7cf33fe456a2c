/**
 * A WebSocket JSON-RPC server on loopback that the test scripts: it speaks just enough of the
 * handshake the client expects (core.set_options, auth.login_ex, failover.node/status, the
 * `/api/boot_id` endpoint, core.subscribe), and hands every other request to the test, which
 * answers with whatever frames it likes. No code of the package is used on this side.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const HOSTILE_API_VERSION = 'v25.10.0' as const;

/** One request the client sent that the handshake did not answer. */
export interface Request {
  socket: WebSocket;
  id: unknown;
  method: string;
  params: unknown[];
  answered: boolean;
}

export class HostileServer {
  readonly sockets = new Set<WebSocket>();
  /** Requests not answered yet (late answers free the client's call slots). */
  readonly unanswered = new Set<Request>();
  private subscriptions = 0;
  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly handle: (request: Request) => void,
  ) {}

  static async start(handle: (request: Request, server: HostileServer) => void): Promise<HostileServer> {
    const http = createServer((req, res) => {
      if (req.url === '/api/boot_id') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify('hostile-boot-1'));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    const wss = new WebSocketServer({ server: http, maxPayload: 1 << 20 });
    let server: HostileServer | undefined;
    const created = new HostileServer(http, wss, (request) => handle(request, server!));
    server = created;
    wss.on('connection', (socket) => created.accept(socket));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return created;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Sends one frame on the connection of `request` (if it is still open). */
  send(socket: WebSocket, frame: string | Buffer): void {
    if (socket.readyState === socket.OPEN) socket.send(frame);
  }

  answer(request: Request, result: unknown): void {
    request.answered = true;
    this.unanswered.delete(request);
    this.send(request.socket, JSON.stringify({ jsonrpc: '2.0', id: request.id, result }));
  }

  /** Pushes a frame to every open connection. */
  broadcast(frame: string | Buffer): void {
    for (const socket of this.sockets) this.send(socket, frame);
  }

  /** Answers every request still waiting with `null` (the calls have settled by then, so these answers are late). */
  flush(): void {
    for (const request of [...this.unanswered]) this.answer(request, null);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (const r of this.unanswered) if (r.socket === socket) this.unanswered.delete(r);
    });
    socket.on('error', () => {});
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id: unknown; method: string; params?: unknown[] };
      const request: Request = { socket, id: message.id, method: message.method, params: message.params ?? [], answered: false };
      const handshake = this.handshake(request);
      if (handshake !== undefined) {
        this.answer(request, handshake.value);
        return;
      }
      this.unanswered.add(request);
      this.handle(request);
    });
  }

  /** Answers of the handshake and of the client's own bookkeeping calls. */
  private handshake(request: Request): { value: unknown } | undefined {
    switch (request.method) {
      case 'core.set_options':
      case 'core.unsubscribe':
        return { value: null };
      case 'auth.login_ex':
        return { value: { response_type: 'SUCCESS', authenticator: 'LEVEL_1', user_info: null } };
      case 'failover.node':
        return { value: 'A' };
      case 'failover.status':
        return { value: 'MASTER' };
      case 'core.ping':
        return { value: 'pong' };
      case 'core.subscribe':
        return { value: `hostile-subscription-${++this.subscriptions}` };
      default:
        return undefined;
    }
  }
}
