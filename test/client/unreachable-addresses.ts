/**
 * Addresses that cannot be used, on loopback, each closed when the test ends: a port nobody
 * listens on, a host that accepts and never answers, an HTTP server that answers a fixed status,
 * one that resets every connection.
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A loopback port nobody listens on (bound, then closed). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never sends a byte (a silent host). */
export async function silentPort(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  const port = await listen(server);
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return port;
}

/** A port where every HTTP request (and WebSocket upgrade) is answered with `status`. */
export async function statusPort(status: number): Promise<number> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(`answered ${status}`);
  });
  server.on('upgrade', (_request, socket) => socket.end(`HTTP/1.1 ${status} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
  const port = await listen(server);
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return port;
}

/** A port that resets every connection as soon as it is accepted (as a VIP nobody holds). */
export async function resetPort(): Promise<number> {
  const server = createServer((socket) => socket.destroy());
  const port = await listen(server);
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return port;
}
