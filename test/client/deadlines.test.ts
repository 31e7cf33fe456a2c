/**
 * The one timer behind every call's deadline (`src/client/deadlines.ts`): it fires each deadline
 * at or after its time and never before, whatever was armed for calls that settled earlier, and an
 * idle set of deadlines keeps no referenced timer (the process may exit). Real timers, short times.
 */
import { describe, expect, it, vi } from 'vitest';
import { type Deadline, Deadlines } from '../../src/client/deadlines.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

class Call implements Deadline {
  done = false;
  expiredAt: number | undefined;
  readonly at: number;
  constructor(
    private readonly deadlines: Deadlines,
    inMs: number,
    private readonly log: Call[] = [],
  ) {
    this.at = performance.now() + inMs;
    deadlines.add(this);
  }
  expire(): void {
    this.expiredAt = performance.now();
    this.log.push(this);
    this.settle();
  }
  settle(): void {
    if (this.done) return;
    this.done = true;
    this.deadlines.settled();
  }
}

describe('Deadlines', () => {
  it('fires a later deadline on time after an earlier call settled, not at the earlier time', async () => {
    const deadlines = new Deadlines();
    const first = new Call(deadlines, 20);
    first.settle();
    const second = new Call(deadlines, 150);
    await vi.waitFor(() => expect(second.expiredAt).toBeDefined(), { timeout: 5_000, interval: 5 });
    expect(first.expiredAt).toBeUndefined();
    expect(second.expiredAt).toBeGreaterThanOrEqual(second.at - 1);
  });

  it('fires a sooner deadline on time after a call with a long one settled', async () => {
    const deadlines = new Deadlines();
    const long = new Call(deadlines, 60_000);
    long.settle();
    const short = new Call(deadlines, 30);
    // Well before the long deadline: the short one did not wait for the timer armed for it.
    await vi.waitFor(() => expect(short.expiredAt).toBeDefined(), { timeout: 5_000, interval: 5 });
    expect(short.expiredAt).toBeGreaterThanOrEqual(short.at - 1);
    expect(long.expiredAt).toBeUndefined();
  });

  it('keeps no referenced timer while nothing is pending, and one while something is', () => {
    const before = timers();
    const deadlines = new Deadlines();
    const calls = Array.from({ length: 100 }, (_, i) => new Call(deadlines, 60_000 + i));
    expect(timers()).toBe(before + 1);
    for (const call of calls) call.settle();
    expect(timers()).toBe(before);
    // One call after another: the timer is referenced again while each is pending.
    for (let i = 0; i < 3; i++) {
      const call = new Call(deadlines, 60_000);
      expect(timers()).toBe(before + 1);
      call.settle();
      expect(timers()).toBe(before);
    }
  });

  it('arms no new timer for one call after another with the same timeout', () => {
    const deadlines = new Deadlines();
    const set = vi.spyOn(globalThis, 'setTimeout');
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    try {
      for (let i = 0; i < 50; i++) new Call(deadlines, 60_000).settle();
      expect(set).toHaveBeenCalledTimes(1);
      expect(clear).not.toHaveBeenCalled();
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });

  it('expires many deadlines in the order of their times, each once, and none that settled', async () => {
    const deadlines = new Deadlines();
    const log: Call[] = [];
    const calls = [90, 10, 50, 30, 70].map((ms) => new Call(deadlines, ms, log));
    calls[2]!.settle();
    await vi.waitFor(() => expect(log).toHaveLength(4), { timeout: 5_000, interval: 5 });
    expect(log).toEqual([calls[1], calls[3], calls[4], calls[0]]);
    for (const call of log) expect(call.expiredAt).toBeGreaterThanOrEqual(call.at - 1);
    expect(calls[2]!.expiredAt).toBeUndefined();
  });
});
