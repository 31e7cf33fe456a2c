/**
 * A TCP pass-through in front of a controller (or the VIP) that reads the WebSocket frames the
 * client sends, so the drill can count, at the server's door, every JSON-RPC request that arrived:
 * a write sent twice shows up here twice, whatever the client believes it did. It only observes:
 * bytes are forwarded unchanged, and when either side closes, so does the other (a VIP that moves
 * still drops its clients).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** One JSON-RPC request seen on its way to the server. */
export interface TappedRequest {
  /** Connection number at this tap. */
  connection: number;
  id: unknown;
  method: string;
  params: unknown[];
}

/** Parses client-to-server WebSocket frames (masked, possibly split across TCP chunks). */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private upgraded = false;
  private plainHttp = false;

  constructor(private readonly onMessage: (text: string) => void) {}

  push(chunk: Buffer): void {
    if (this.plainHttp) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (!this.upgraded) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      if (!/^upgrade:\s*websocket/im.test(head)) {
        // /api/versions, /api/boot_id: plain HTTP, nothing to count.
        this.plainHttp = true;
        this.buffer = Buffer.alloc(0);
        return;
      }
      this.upgraded = true;
      this.buffer = this.buffer.subarray(end + 4);
    }
    this.frames();
  }

  private frames(): void {
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let length = b[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      const maskAt = offset;
      if (masked) offset += 4;
      if (b.length < offset + length) return;
      const payload = Buffer.from(b.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= b[maskAt + (i % 4)]!;
      this.buffer = b.subarray(offset + length);
      if (opcode === 0x1 || opcode === 0x0) {
        this.fragments.push(payload);
        if (fin) {
          this.onMessage(Buffer.concat(this.fragments).toString('utf8'));
          this.fragments = [];
        }
      }
    }
  }
}

export class WireTap {
  /** Requests of the methods kept in full (the writes); every other request is only counted. */
  readonly requests: TappedRequest[] = [];
  /** Requests seen per method. */
  readonly counts = new Map<string, number>();
  private readonly server: Server;
  private readonly links = new Set<Socket>();
  private connections = 0;
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly keep: (method: string) => boolean,
    private readonly host = '127.0.0.1',
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  /** `ws://127.0.0.1:PORT` of the tap. */
  get url(): string {
    return `ws://${this.host}:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.host, () => resolve());
    });
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async close(): Promise<void> {
    for (const socket of this.links) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const connection = ++this.connections;
    const upstream = createConnection({ host: this.host, port: this.targetPort });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.links.add(client);
    this.links.add(upstream);
    const reader = new FrameReader((text) => this.record(connection, text));
    const drop = () => {
      this.links.delete(client);
      this.links.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
  }

  private record(connection: number, text: string): void {
    let message: { id?: unknown; method?: unknown; params?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message.method !== 'string') return;
    this.counts.set(message.method, (this.counts.get(message.method) ?? 0) + 1);
    if (this.keep(message.method))
      this.requests.push({
        connection,
        id: message.id,
        method: message.method,
        params: Array.isArray(message.params) ? message.params : [],
      });
  }
}
