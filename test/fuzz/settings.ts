/**
 * Seeds and sizes of the generated-input tests. Every run is seeded: `FUZZ_SEED` replays a run
 * (fast-check prints the seed and the counterexample's path when a property fails), `FUZZ_SCALE`
 * multiplies the number of cases (CI runs scale 1: at least 10,000 cases of each kind).
 */
import type fc from 'fast-check';
import { beforeEach, onTestFailed } from 'vitest';

const envSeed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);
/** The seed of this run. */
export const SEED = Number.isFinite(envSeed) ? envSeed : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const envScale = Number.parseFloat(process.env.FUZZ_SCALE ?? '');
/** Multiplier of every case count. */
export const SCALE = Number.isFinite(envScale) && envScale > 0 ? envScale : 1;

/** The least number of generated cases of each kind per run. */
export const CASES_PER_KIND = Math.ceil(10_000 * SCALE);

/**
 * Parameters of one `fc.assert`: this run's seed and `numRuns` cases; the failure message carries
 * the seed and path (`FUZZ_SEED=<seed>` replays it). `shrink: false` reports the first
 * counterexample as found, for properties whose cases are slow socket exchanges.
 */
export function runs(numRuns: number, shrink = true): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.ceil(numRuns)), endOnFailure: !shrink };
}

/** Labels a failure with the seed, for assertions made outside `fc.assert`. */
export function withSeed(what: string): string {
  return `${what} (FUZZ_SEED=${SEED})`;
}

// A test that fails outside fast-check (a timeout, an unhandled error) still names its seed.
beforeEach(() => {
  onTestFailed(() => console.error(`generated-input test failed; replay with FUZZ_SEED=${SEED}`));
});
