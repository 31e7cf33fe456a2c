/**
 * The network face of one controller: an HTTP(S) server on its own loopback port (plus, if asked,
 * a UNIX socket that acts as the controller's local root socket) serving the JSON-RPC WebSocket
 * endpoints, the legacy `/websocket` protocol, and plain HTTP routes. It follows the state machine:
 * when the controller goes down every socket is destroyed and the port refuses connections; when it
 * boots the same port opens again; while it hangs nothing is answered.
 */

import { rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { SubscriptionEndError } from '../faults.js';
import type { Pair } from '../pair/pair.js';
import type { NodeLetter } from '../pair/types.js';
import type { SimulatorRuntime } from '../rpc/runtime.js';
import type { Origin } from '../rpc/session.js';
import { uploadRoute } from '../upload/upload-route.js';
import type { Endpoint } from '../versions.js';
import { apiInfoRoute, type HttpRoute, sendJson, sendText } from './http-routes.js';
import { LegacySocket } from './legacy-socket.js';
import { RpcSocket } from './rpc-socket.js';

export interface ControllerServerOptions {
  rt: SimulatorRuntime;
  node: NodeLetter;
  host: string;
  port: number;
  tls?: { cert: string; key: string; channelBinding: Uint8Array | null };
  /** Path of a UNIX socket that behaves as the controller's local root socket. */
  unixPath?: string;
  /** Extra HTTP routes (REST) tried before the built-in ones. */
  routes?: readonly HttpRoute[];
  log?: (line: string) => void;
}

type Connection = RpcSocket | LegacySocket;

export class ControllerServer {
  private readonly servers: { server: Server; unix: boolean }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<Connection>();
  private held: (() => void)[] = [];
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 2 * 1024 * 1024 + 1024,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private readonly unsubscribe: (() => void)[] = [];
  private listening = false;
  private transition: Promise<void> = Promise.resolve();
  port: number;

  constructor(private readonly options: ControllerServerOptions) {
    this.port = options.port;
    const tcp = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createHttpServer();
    this.servers.push({ server: tcp, unix: false });
    if (options.unixPath) this.servers.push({ server: createHttpServer(), unix: true });
    for (const { server, unix } of this.servers) {
      server.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      server.on('request', (req, res) => this.whenAnswering(() => void this.onRequest(req, res, unix)));
      server.on('upgrade', (req, socket: Socket, head: Buffer) => this.whenAnswering(() => this.onUpgrade(req, socket, head, unix)));
      server.on('clientError', (_err, socket: Socket) => socket.destroy());
    }
    const pair: Pair = options.rt.pair;
    this.unsubscribe.push(
      pair.on('power', (e) => {
        if (e.node !== options.node) return;
        if (e.power === 'down') this.queue(() => this.close());
        else if (e.power === 'booting') this.queue(() => this.open());
      }),
      pair.on('event', (e) => {
        if (e.node !== options.node) return;
        for (const c of this.connections) c.deliver(e);
      }),
      pair.on('hang', (e) => {
        if (e.node !== options.node || e.hung) return;
        const held = this.held;
        this.held = [];
        for (const fn of held) fn();
        for (const c of this.connections) c.resume();
      }),
    );
  }

  private get hung(): boolean {
    return this.options.rt.pair.controller(this.options.node).hung;
  }

  /** A hung controller accepts connections but answers nothing until it recovers. */
  private whenAnswering(fn: () => void): void {
    if (this.hung) this.held.push(fn);
    else fn();
  }

  /** Opening and closing run one after the other; a failure is logged, not thrown (the port stays closed). */
  private queue(step: () => Promise<void>): void {
    this.transition = this.transition.then(step).catch((err: Error) => {
      this.options.log?.(`[${this.options.node}] listener: ${err.message}`);
    });
  }

  /** Starts listening (the first time on the configured port, later on the port it got). */
  async open(): Promise<void> {
    if (this.listening) return;
    const [tcp, unix] = this.servers;
    await listen(tcp!.server, this.port, this.options.host);
    const address = tcp!.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    if (unix && this.options.unixPath) {
      await rm(this.options.unixPath, { force: true });
      await listenPath(unix.server, this.options.unixPath);
    }
    this.listening = true;
  }

  /** Stops listening and drops every connection at once (no close frames: the controller is gone). */
  async close(): Promise<void> {
    this.held = [];
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.listening) return;
    this.listening = false;
    await Promise.all(this.servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  /** Ends the subscriptions to `name` of every connection of this controller; returns how many. */
  endSubscriptions(name: string, error: SubscriptionEndError | null): number {
    let ended = 0;
    for (const c of this.connections) ended += c.endSubscriptions(name, error);
    return ended;
  }

  /** Final shutdown: closes and forgets the state machine. */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.queue(() => this.close());
    await this.transition;
    this.wss.close();
    if (this.options.unixPath) await rm(this.options.unixPath, { force: true });
  }

  private originOf(req: IncomingMessage, unix: boolean): Origin {
    return {
      address: unix ? 'unix' : (req.socket.remoteAddress ?? 'unknown'),
      port: unix ? 0 : (req.socket.remotePort ?? 0),
      tls: !unix && Boolean(this.options.tls),
      unix,
      channelBinding: !unix && this.options.tls ? this.options.tls.channelBinding : null,
    };
  }

  private endpointFor(path: string): Endpoint | 'legacy' | null {
    const release = this.options.rt.release;
    if (path === '/websocket') return release.endpoints.get(release.apiVersion)!.description.legacyWebsocket ? 'legacy' : null;
    if (path === '/api/current') return release.endpoints.get(release.apiVersion)!;
    const m = /^\/api\/(v[0-9.]+)$/.exec(path);
    return m ? (release.endpoints.get(m[1]!) ?? null) : null;
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer, unix: boolean): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const endpoint = this.endpointFor(path);
    if (!endpoint) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 14\r\nConnection: close\r\n\r\n404: Not Found');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (!this.listening) return ws.terminate();
      const { rt, node } = this.options;
      const origin = this.originOf(req, unix);
      const isHung = () => this.hung;
      const connection =
        endpoint === 'legacy'
          ? new LegacySocket(ws, rt, rt.release.endpoints.get(rt.release.apiVersion)!, origin, node, isHung)
          : new RpcSocket(ws, rt, endpoint, origin, node, isHung);
      this.connections.add(connection);
      ws.on('close', () => this.connections.delete(connection));
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse, unix: boolean): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://controller');
      const ctx = { rt: this.options.rt, node: this.options.node, origin: this.originOf(req, unix), path: url.pathname, url };
      for (const route of [...(this.options.routes ?? []), uploadRoute, apiInfoRoute]) {
        if (await route(req, res, ctx)) return;
      }
      if (this.endpointFor(url.pathname)) return sendText(res, 400, 'No WebSocket UPGRADE hdr: None\n Can "Upgrade" only to "WebSocket".');
      sendJson(res, 404, { message: 'Not Found' });
    } catch (err) {
      this.options.log?.(`[${this.options.node}] HTTP handler failed: ${(err as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function listenPath(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
