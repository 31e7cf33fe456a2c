/**
 * Counting replayed writes from what the wire taps saw: each write the drill issues carries its own
 * `failover.update` timeout value, so a value that arrived more than once is a write sent twice.
 */
import type { WireTap } from './wire-tap.js';

/** What the drill knows about one write: answered (it reached the server), unknown, or never sent. */
export type WriteOutcome = 'pending' | 'answered' | 'unknown' | 'not-sent';

export interface ReplayCount {
  /** Write requests that arrived at the server. */
  seenAtServer: number;
  /** Writes whose request arrived more than once. */
  replayed: number;
  /** Answered writes no tap saw: the count would be blind. */
  answeredButUnseen: number;
}

export function countReplays(taps: readonly WireTap[], writes: ReadonlyMap<number, WriteOutcome>): ReplayCount {
  const seen = new Map<number, number>();
  let seenAtServer = 0;
  for (const tap of taps) {
    for (const request of tap.requests) {
      if (request.method !== 'failover.update') continue;
      const value = (request.params[0] as { timeout?: unknown } | undefined)?.timeout;
      if (typeof value !== 'number') continue;
      seenAtServer++;
      seen.set(value, (seen.get(value) ?? 0) + 1);
    }
  }
  let replayed = 0;
  let answeredButUnseen = 0;
  for (const [value, outcome] of writes) {
    const count = seen.get(value) ?? 0;
    if (count > 1) replayed++;
    if (outcome === 'answered' && count === 0) answeredButUnseen++;
  }
  return { seenAtServer, replayed, answeredButUnseen };
}
