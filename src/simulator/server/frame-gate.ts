/**
 * Where frame faults act on a connection: inbound and outbound frames may be dropped (seeded) or
 * delayed, and while the controller is hung nothing is processed or sent; held frames go through,
 * in order, once it answers again.
 */
import type { Faults } from '../faults.js';

export class FrameGate {
  private held: (() => void)[] = [];

  constructor(
    private readonly faults: Faults,
    private readonly isHung: () => boolean,
    private readonly isClosed: () => boolean,
  ) {}

  inbound(process: () => void): void {
    this.pass(process);
  }

  outbound(send: () => void): void {
    this.pass(send);
  }

  /** Runs what was held while the controller was hung. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const fn of held) {
      if (this.isClosed()) return;
      fn();
    }
  }

  private pass(fn: () => void): void {
    if (this.faults.dropThisFrame()) return;
    const go = () => {
      if (this.isClosed()) return;
      if (this.isHung()) this.held.push(fn);
      else fn();
    };
    const delay = this.faults.frameDelayMs;
    if (delay > 0) setTimeout(go, delay);
    else go();
  }
}
