import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { type Client, ConnectionClosedError, createClient, IncomingMessageTooLargeError, OutcomeUnknownError } from '../../src/index.js';
import { clientOver, failure, simulatorForBoth, TRANSPORTS, until } from './helpers.js';

// Limits against a hostile or broken server: a message over maxIncomingMessage closes the
// connection with a typed error instead of being held in memory, and a server that sends faster
// than the client consumes does not make the client's memory grow. A raw `ws` server on loopback
// plays the server: the simulator never misbehaves this way.

interface RawServer {
  url: string;
  /** Sockets the client opened, newest last. */
  sockets: WsSocket[];
  /** What the server answers to `method` (a function of the request count), or undefined for "method not found". */
  answers: Map<string, () => unknown>;
}

async function rawServer(): Promise<RawServer> {
  const http = createServer((_, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, maxPayload: 1024 * 1024 });
  const server: RawServer = { url: '', sockets: [], answers: new Map([['core.set_options', () => null]]) };
  wss.on('connection', (socket) => {
    server.sockets.push(socket);
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: string; method: string };
      const answer = server.answers.get(request.method);
      const reply = answer
        ? { jsonrpc: '2.0', id: request.id, result: answer() }
        : { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } };
      socket.send(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const s of wss.clients) s.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => http.close(resolve));
  });
  server.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/api/v25.10.0`;
  return server;
}

function clientOfRaw(server: RawServer, options: { maxIncomingMessage?: number } = {}): Client<'v25.10.0'> {
  const client = createClient({
    url: server.url,
    auth: null,
    env: false,
    keepAlive: false,
    timeout: 20_000,
    reconnect: { initialDelay: 10, maxDelay: 50 },
    ...options,
  }) as Client<'v25.10.0'>;
  onTestFinished(() => client.close());
  return client;
}

/** Sends `count` frames of `size` bytes to `socket` as fast as the connection takes them (the server's own buffer stays small). */
async function flood(socket: WsSocket, count: number, frame: string): Promise<void> {
  const batch = 64;
  for (let sent = 0; sent < count; sent += batch) {
    await new Promise<void>((resolve, reject) => {
      for (let i = 0; i < batch; i++) socket.send(frame, i === batch - 1 ? (e) => (e ? reject(e) : resolve()) : undefined);
    });
  }
}

// A full collection before each reading, so that garbage not collected yet is not counted.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe('limits on what the server sends', () => {
  it('an answer over maxIncomingMessage ends as IncomingMessageTooLargeError; a write in flight is OutcomeUnknown; the client reconnects', async () => {
    const server = await rawServer();
    const client = clientOfRaw(server, { maxIncomingMessage: 64 * 1024 });
    server.answers.set('failover.licensed', () => true);
    server.answers.set('failover.config', () => ({ padding: 'x'.repeat(200 * 1024) }));
    expect(await client.failover.licensed()).toBe(true);
    const error = (await failure(client.failover.config())) as IncomingMessageTooLargeError;
    expect(error).toBeInstanceOf(IncomingMessageTooLargeError);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.limit).toBe(64 * 1024);
    expect(error.closeCode).toBe(1009);
    expect(error.message).toMatch(/over 65536 bytes \(maxIncomingMessage\) while failover\.config was in flight/);
    // Not sent again: one request for it reached the server.
    expect(server.sockets).toHaveLength(1);

    // A write whose connection dies of an oversized frame sent before its answer is never replayed.
    server.answers.set('failover.update', () => {
      server.sockets.at(-1)!.send(JSON.stringify({ jsonrpc: '2.0', method: 'collection_update', params: { x: 'y'.repeat(100 * 1024) } }));
      return null;
    });
    const write = await failure(client.failover.update({ timeout: 5 }));
    expect(write).toBeInstanceOf(OutcomeUnknownError);
    expect((write as OutcomeUnknownError).cause).toBeInstanceOf(IncomingMessageTooLargeError);
    // Later calls get a new connection.
    expect(await client.failover.licensed()).toBe(true);
    expect(server.sockets.length).toBeGreaterThanOrEqual(3);
  });

  it('a server flooding events faster than they are consumed: the client holds a bounded amount', async () => {
    const server = await rawServer();
    server.answers.set('core.subscribe', () => 'sub-1');
    const client = clientOfRaw(server);
    // An iterator nobody reads from: the slowest consumer there is (it keeps the newest 100 events).
    const events = client.events('core.get_jobs', { bufferSize: 100 });
    const iterator = events[Symbol.asyncIterator]();
    const first = iterator.next();
    await until(() => client.stats().events.serverSubscriptions === 1, 'the subscription');
    const socket = server.sockets.at(-1)!;
    const frame = JSON.stringify({
      jsonrpc: '2.0',
      method: 'collection_update',
      params: {
        msg: 'changed',
        collection: 'core.get_jobs',
        id: 1,
        fields: { id: 1, state: 'RUNNING', description: 'z'.repeat(32 * 1024) },
      },
    });
    const before = heapAfterGc();
    const count = 4000; // about 130 MB through the client
    await flood(socket, count, frame);
    // The first next() takes the first event; the iterator kept at most 1000 of the others.
    await first;
    const grown = heapAfterGc() - before;
    // 100 kept events of 32 KiB are about 3 MB; had the client kept what it was sent, 130 MB (it
    // grows by that much with bufferSize: 100_000, which is how this bound was checked).
    expect(grown).toBeLessThan(40 * 1024 * 1024);
    expect(client.state).toBe('ready');
    // The events did go through the event path: the iterator holds the newest ones.
    const next = await iterator.next();
    expect(next.done).toBe(false);
    expect(client.stats().events.listeners).toBe(1);
    await iterator.return?.();
  });
});

describe.each(TRANSPORTS)('an answer over maxIncomingMessage over %s', (transport) => {
  it('fails its call with IncomingMessageTooLargeError, is not asked again, and later calls work', async () => {
    const sim = await simulatorForBoth();
    const client = clientOver(transport, sim, { maxIncomingMessage: 64 * 1024 });
    await client.connect();
    // The controller's error answer carries a 100 KB reason.
    sim.faults.failNextCall('failover.config', { reason: 'x'.repeat(100_000) });
    const error = (await failure(client.failover.config())) as IncomingMessageTooLargeError;
    expect(error).toBeInstanceOf(IncomingMessageTooLargeError);
    expect(error.limit).toBe(64 * 1024);
    expect(error.message).toMatch(/65536 bytes \(maxIncomingMessage\)/);
    expect(await client.failover.config()).toBeTypeOf('object');
  });
});
