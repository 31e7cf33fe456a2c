/** Timing and heap helpers for the benchmarks: bounded repetitions, medians, forced GC for heap deltas. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Median of the durations of `runs` runs of `fn`, ms. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Mean time per call of `count` sequential calls after `warmup` unmeasured ones, µs. */
export async function perCallUs(count: number, warmup: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await call();
  const t = performance.now();
  for (let i = 0; i < count; i++) await call();
  return ((performance.now() - t) * 1000) / count;
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
