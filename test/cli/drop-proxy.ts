/**
 * A loopback TCP proxy in front of a controller that cuts the connection right after the client
 * sends a chosen method: the request reaches the server, the answer never comes back. It reads the
 * client's WebSocket frames (unmasking them) only to recognise the method; bytes pass unchanged.
 */
import { createServer, type Server, Socket } from 'node:net';

export interface DropProxy {
  /** `ws://127.0.0.1:PORT` */
  url: string;
  /** How many requests of the method went through (across all connections). */
  seen(): number;
  close(): Promise<void>;
}

/** Unmasked text payloads of the complete client frames in `buffer`; returns them and the bytes left over. */
function frames(buffer: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const b1 = buffer[offset + 1]!;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const total = header + (masked ? 4 : 0) + length;
    if (buffer.length - offset < total) break;
    const payload = Buffer.from(buffer.subarray(offset + header + (masked ? 4 : 0), offset + total));
    if (masked) {
      const mask = buffer.subarray(offset + header, offset + header + 4);
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    }
    texts.push(payload.toString('utf8'));
    offset += total;
  }
  return { texts, rest: buffer.subarray(offset) };
}

export async function startDropProxy(target: string, method: string): Promise<DropProxy> {
  const { hostname, port } = new URL(target);
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    let handshakeDone = false;
    let pending: Buffer = Buffer.alloc(0);
    let cut = false;
    upstream.connect(Number(port), hostname);
    upstream.on('data', (d: Buffer) => {
      if (!cut) client.write(d);
    });
    client.on('data', (d: Buffer) => {
      if (cut) return;
      upstream.write(d);
      pending = Buffer.concat([pending, d]);
      if (!handshakeDone) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        handshakeDone = true;
        pending = pending.subarray(end + 4);
      }
      const { texts, rest } = frames(pending);
      pending = rest;
      if (texts.some((t) => t.includes(`"method":"${method}"`))) {
        count++;
        // The request is on its way to the server; its answer is lost with the connection.
        cut = true;
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 50);
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    seen: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
