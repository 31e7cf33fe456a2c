/** Steps shared by the workflows: reading the pair, and waiting for it with progress reported. */
import { FailoverVerificationError } from './errors/failover-verification-error.js';
import { HaWaitTimeoutError } from './errors/ha-wait-timeout-error.js';
import type { HaHost } from './host.js';
import type { StepTiming } from './options.js';
import { readSnapshot } from './snapshot.js';
import type { HaSnapshot } from './types.js';
import { waitForState } from './wait-for.js';
import type { WorkflowContext } from './workflow.js';

/** A snapshot bounded by the step timeout and the workflow's signal. */
export function snapshotNow(host: HaHost, ctx: WorkflowContext, timing: StepTiming): Promise<HaSnapshot> {
  return readSnapshot(host, { signal: ctx.signal, timeout: timing.timeout });
}

/** Waits for `condition`, reporting each new observation as progress. */
export function waitStep(
  host: HaHost,
  ctx: WorkflowContext,
  timing: StepTiming,
  what: string,
  condition: (s: HaSnapshot) => boolean,
): Promise<HaSnapshot> {
  ctx.progress(`waiting for ${what}`);
  return waitForState(
    host,
    condition,
    { timeout: timing.timeout, interval: timing.interval, signal: ctx.signal, onObservation: (text) => ctx.progress(text) },
    what,
  );
}

/**
 * Like `waitStep`, for a check made after the work was done: a timeout becomes a
 * `FailoverVerificationError` naming the check, with the last state seen.
 */
export async function verifyStep(
  workflow: string,
  check: string,
  host: HaHost,
  ctx: WorkflowContext,
  timing: StepTiming,
  what: string,
  condition: (s: HaSnapshot) => boolean,
  expected: unknown,
): Promise<HaSnapshot> {
  try {
    return await waitStep(host, ctx, timing, what, condition);
  } catch (error) {
    if (!(error instanceof HaWaitTimeoutError)) throw error;
    throw new FailoverVerificationError(
      workflow,
      check,
      `${what} did not happen within ${timing.timeout} ms (last seen: ${error.lastObservation}).`,
      expected,
      error.lastObservation,
      {
        cause: error,
      },
    );
  }
}
