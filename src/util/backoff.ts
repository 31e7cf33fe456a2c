/** Reconnect pacing: exponential growth with jitter, capped. */
export interface BackoffOptions {
  /** First delay in ms. Default 200. */
  initialDelay?: number;
  /** Largest delay in ms. Default 10 000. */
  maxDelay?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Share of each delay that is randomised, 0–1. Default 0.5. */
  jitter?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based). "Equal jitter": the delay is never below
 * `(1 - jitter)` of the exponential value, so attempts stay spread out without collapsing to zero.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelay ?? 200;
  const cap = options.maxDelay ?? 10_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const base = Math.min(cap, initial * factor ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter) + base * jitter * random());
}
