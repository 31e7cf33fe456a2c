/** What every benchmark suite gets: the report, the mode, and a way to make clients it closes afterwards. */
import { type Client, createClient } from '../../src/index.js';
import type { Report } from './report.js';
import type { SimInfo } from './sim.js';

export interface Suite {
  report: Report;
  quick: boolean;
  /** `quick ? small : full`: counts, rounds and sizes. */
  size(quick: number, full: number): number;
}

/** Clients made against one simulator, closed together. */
export class Clients {
  private readonly made: Client[] = [];

  constructor(private readonly info: SimInfo) {}

  /** A WebSocket client of the simulator's VIP, logged in with the password (no SCRAM cost), otherwise with the defaults users get (keep-alive on). */
  make(options: Record<string, unknown> = {}): Client {
    const { username, password } = this.info.credentials;
    const c = createClient({ url: this.info.vip.ws, auth: { username, password }, env: false, ...options }) as Client;
    this.made.push(c);
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((c) => c.close()));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const epochMs = () => performance.timeOrigin + performance.now();
