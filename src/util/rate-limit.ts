/**
 * Client-side pacing of unauthenticated calls. TrueNAS counts them per method and client address:
 * more than 20 in 60 s and the server sleeps 1–10 s, then answers EBUSY. Reconnecting after a
 * failover logs in again, so the client keeps its own tally and waits instead of tripping that.
 */
export class SlidingWindowLimiter {
  private readonly stamps = new Map<string, number[]>();

  constructor(
    private readonly max = 18,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds to wait before `count` more calls of `key` fit in the window (0 = now). */
  waitTime(key: string, count = 1, now = Date.now()): number {
    const list = this.prune(key, now);
    if (list.length + count <= this.max) return 0;
    const index = list.length + count - this.max - 1;
    return Math.max(0, (list[index] ?? now) + this.windowMs - now);
  }

  /** Records `count` calls of `key` now. */
  record(key: string, count = 1, now = Date.now()): void {
    const list = this.prune(key, now);
    for (let i = 0; i < count; i++) list.push(now);
    this.stamps.set(key, list);
  }

  private prune(key: string, now: number): number[] {
    const list = (this.stamps.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.stamps.set(key, list);
    return list;
  }
}
