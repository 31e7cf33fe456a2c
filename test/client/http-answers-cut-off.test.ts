/**
 * The HTTP layer under REST, uploads and the version probe: an answer cut off half-way is a network
 * error naming the reset and saying the request reached the server (so a write is never sent
 * again); a whole answer is read, and the keep-alive connection is used again. A real `node:http`
 * server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpNetworkError } from '../../src/transport/http.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('HttpClient over node:http', () => {
  it('an answer cut off half-way rejects with a network error naming ECONNRESET, sent', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial": ');
      setImmediate(() => res.socket?.destroy());
    });
    const http = new HttpClient(undefined);
    try {
      const outcome = await http
        .send({ url: `${base}/api/v2.0/failover`, verb: 'PUT', headers: {}, body: '{}', signal: new AbortController().signal })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(outcome).toBeInstanceOf(HttpNetworkError);
      expect((outcome as HttpNetworkError).code).toBe('ECONNRESET');
      expect((outcome as HttpNetworkError).connected).toBe(true);
    } finally {
      http.close();
    }
  });

  it('reads whole answers and keeps one connection for requests made one after another', async () => {
    const sockets = new Set<unknown>();
    const base = await serve((req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const http = new HttpClient(undefined);
    try {
      for (let i = 0; i < 5; i++) {
        const answer = await http.send({
          url: `${base}/n/${i}`,
          verb: 'GET',
          headers: {},
          body: undefined,
          signal: new AbortController().signal,
        });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toEqual({ path: `/n/${i}` });
      }
      expect(sockets.size).toBe(1);
    } finally {
      http.close();
    }
  });
});
