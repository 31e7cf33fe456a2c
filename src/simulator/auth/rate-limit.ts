/**
 * TrueNAS's limit on unauthenticated calls: per controller, per (method, client address), more than
 * `limit` calls in a fixed window (reset by the first call after the window) are refused, as are
 * all calls once the table holds 100 entries. Authenticated and UNIX-socket connections are not
 * counted.
 */
export interface RateLimitOptions {
  /** Calls allowed per window per (method, address); TrueNAS: 20. */
  limit: number;
  /** Window length in real milliseconds; TrueNAS: 60 000. */
  windowMs: number;
}

const MAX_ENTRIES = 100;

export class RateLimiter {
  private entries = new Map<string, { count: number; lastReset: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Counts a call; true when it exceeds the limit. */
  exceeded(method: string, address: string, now = Date.now()): boolean {
    const key = `${method}_##_${address}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { count: 0, lastReset: now };
      this.entries.set(key, entry);
    }
    if (now - entry.lastReset >= this.options.windowMs) {
      entry.count = 0;
      entry.lastReset = now;
    }
    entry.count += 1;
    return entry.count > this.options.limit || this.entries.size >= MAX_ENTRIES;
  }

  clear(): void {
    this.entries.clear();
  }
}
