/**
 * The VIP as a TCP proxy: each client connection is piped to the port of the controller that is
 * active now. When the active controller changes (or the VIP is partitioned) every piped
 * connection is destroyed, so clients see the reset a moving VIP causes, reconnect, and land on
 * the new active controller. With no active controller, new connections are dropped at once.
 * TLS passes through untouched (the controllers terminate it).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface VipProxyOptions {
  host: string;
  port: number;
  /** Port of the controller that holds the VIP now, or null. */
  target(): number | null;
  /** True while clients are partitioned from the VIP. */
  partitioned(): boolean;
}

export class VipProxy {
  private readonly server: Server;
  private readonly links = new Set<{ client: Socket; upstream: Socket }>();
  port: number;

  constructor(private readonly options: VipProxyOptions) {
    this.port = options.port;
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  /** Drops every piped connection (the VIP moved or went away). */
  dropAll(): void {
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    this.links.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const port = this.options.partitioned() ? null : this.options.target();
    if (port === null) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = createConnection({ host: this.options.host, port });
    upstream.setNoDelay(true);
    const link = { client, upstream };
    this.links.add(link);
    const drop = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
