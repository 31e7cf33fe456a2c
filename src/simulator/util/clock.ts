/**
 * Simulated time. Durations in the state machine are written in real-world milliseconds (a
 * promotion takes about 2 s, a reboot about 2.3 minutes) and multiplied by the time scale, so tests run
 * the same sequence in milliseconds and a demo at human speed. Every timer is tracked so that
 * stopping the simulator cancels them all.
 */

/** Raised inside a flow whose controller went down (its boot ended) or whose simulator stopped. */
export class FlowAborted extends Error {
  constructor() {
    super('aborted: the controller went down');
    this.name = 'FlowAborted';
  }
}

export interface TimerSource {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: TimerSource = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class Clock {
  private readonly timers = new Set<unknown>();
  private stopped = false;

  constructor(
    /** Multiplier applied to every simulated duration. */
    readonly scale: number,
    private readonly source: TimerSource = realTimers,
  ) {}

  now(): number {
    return this.source.now();
  }

  /** Real milliseconds that a simulated duration takes. */
  real(simulatedMs: number): number {
    return Math.max(0, simulatedMs * this.scale);
  }

  /** Runs `fn` after a simulated duration; returns a cancel function. */
  after(simulatedMs: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const handle = this.source.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, this.real(simulatedMs));
    this.timers.add(handle);
    return () => {
      if (this.timers.delete(handle)) this.source.clearTimeout(handle);
    };
  }

  /** Waits a simulated duration; rejects with FlowAborted when `signal` aborts first. */
  sleep(simulatedMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted || this.stopped) return reject(new FlowAborted());
      const onAbort = () => {
        cancel();
        reject(new FlowAborted());
      };
      const cancel = this.after(simulatedMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Cancels every pending timer; later timers are ignored. */
  stop(): void {
    this.stopped = true;
    for (const handle of this.timers) this.source.clearTimeout(handle);
    this.timers.clear();
  }
}
