/** Timing and heap helpers for the benchmarks: bounded repetitions, medians, forced GC for heap deltas. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The median of a list of numbers (the upper one of the two middle values). */
export function median(list: readonly number[]): number {
  return percentile(list, 50);
}

/** The `p`-th percentile of a list (nearest rank). */
export function percentile(list: readonly number[], p: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/** Median of the durations of `runs` runs of `fn`, ms. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/**
 * Runs every contender once per round, in turn (A, B, A, B, …), so that drift of the machine hits
 * them alike; returns each one's measurements.
 */
export async function interleaved<K extends string, T = number>(
  rounds: number,
  contenders: Record<K, () => Promise<T>>,
): Promise<Record<K, T[]>> {
  const out = Object.fromEntries(Object.keys(contenders).map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) for (const k of Object.keys(contenders) as K[]) out[k].push(await contenders[k]());
  return out;
}

/** `count` calls with at most `lanes` in flight (each lane awaits its call before the next); calls per second. */
export async function lanesPerSecond(count: number, lanes: number, call: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      while (started < count) {
        started++;
        await call();
      }
    }),
  );
  return (count * 1000) / (performance.now() - t);
}

/** Heap in use after a full collection, bytes. */
export async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

/** Heap growth while `build` keeps what it returns alive, bytes. */
export async function heapDelta<T>(build: () => Promise<T>): Promise<{ bytes: number; kept: T }> {
  const before = await heapUsed();
  const kept = await build();
  const after = await heapUsed();
  return { bytes: after - before, kept };
}
