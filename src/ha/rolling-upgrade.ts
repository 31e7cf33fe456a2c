/**
 * The seed's rolling upgrade as one call, in the three phases TrueNAS documents: (1) the
 * `failover.upgrade` job on the active controller installs the update on both and reboots the
 * standby into it; (2) a failover to the upgraded standby (the old master becomes passive and
 * reboots into the new version); (3) the old master returns as the upgraded standby.
 *
 * The update is downloaded by the controller, or taken from an image the caller uploads with the
 * job (`image`, for pairs without internet access). Resuming, where the spec allows it: an
 * installer warning ends the job with EAGAIN and keeps the downloaded or uploaded files;
 * `resume: true` (or `acceptWarning`) runs the job again accepting it, with `resume_manual` when
 * an image was used, without sending it again. An update already applied on the active controller
 * (it waits for its reboot) skips phase 1, so calling the workflow again after an interruption
 * continues with the failover.
 */
import { ERRNO } from '../errors/errno.js';
import { JobFailedError } from '../errors/job-failed-error.js';
import { isUpdateImage, type UpdateImage } from '../transport/upload/image.js';
import type { Job } from '../types/job.js';
import { InstallerWarningError } from './errors/installer-warning-error.js';
import type { HaHost } from './host.js';
import { checkOptionTypes, stepTiming } from './options.js';
import { failOver, type PlannedFailoverReport } from './planned-failover.js';
import { checkPreconditions } from './preconditions.js';
import { UPGRADE_REASONS } from './reasons.js';
import { snapshotNow, waitStep } from './steps.js';
import type { ControllerRebootInfo, HaSnapshot } from './types.js';
import { type Workflow, type WorkflowContext, WorkflowHandle } from './workflow.js';

export interface RollingUpgradeOptions {
  /** Stop waiting. The upgrade job keeps running on the server unless `abortJobOnSignal`. */
  signal?: AbortSignal;
  /** Also ask the server to abort the upgrade job when `signal` fires (default false). */
  abortJobOnSignal?: boolean;
  /** Update train (`failover.upgrade` `train`). */
  train?: string;
  /** Version to install (25.10+; `failover.upgrade` `version`). */
  version?: string;
  /**
   * An update image to upload with the job instead of letting the controller download the update
   * (air-gapped pairs): a Blob or File, bytes, a byte stream, or in Node a file path. Streamed,
   * never held in memory. With `resume: true` nothing is uploaded: the image the controller kept
   * from the earlier attempt is used (`resume_manual`).
   */
  image?: UpdateImage;
  /** Accept the installer's warning from an earlier attempt: the job runs with `resume: true` (files kept, warnings suppressed). */
  resume?: boolean;
  /** What to do when the installer warns (EAGAIN): true accepts and resumes at once, a function decides. Default: stop with `InstallerWarningError`. */
  acceptWarning?: boolean | ((warning: string) => boolean | Promise<boolean>);
  /** Do phases 2 and 3 (default true); false stops once the standby runs the new version. */
  failover?: boolean;
  /** Longest wait for each step after the job, ms. Default 1 800 000 (TrueNAS waits up to 20 min for a standby to return). */
  timeout?: number;
  /** Polling fallback between reads, ms. Default 500. */
  interval?: number;
}

export interface RollingUpgradeReport {
  /** The `failover.upgrade` job (the last attempt), or null when phase 1 was skipped. */
  jobId: number | null;
  /** True when the update came from an uploaded image (`image`), false when the controller downloaded it. */
  fromImage: boolean;
  /** False when the update was already applied on the active controller (phase 1 skipped). */
  upgradedStandby: boolean;
  /** The installer warning that was accepted, if any. */
  acceptedWarning: string | null;
  /** The failover of phase 2 (`noMasterMs`: how long clients saw no active controller); null without it. */
  failover: PlannedFailoverReport | null;
  /** The controller active at the end. */
  master: string;
  disabledReasons: string[] | undefined;
  totalMs: number;
}

export const ROLLING_UPGRADE_PHASES = [
  { id: 'check', title: 'Check that the pair can be upgraded' },
  { id: 'standby-upgraded', title: 'Upgrade both controllers and reboot the standby into the new version' },
  { id: 'failover', title: 'Fail over to the upgraded controller' },
  { id: 'old-master-upgraded', title: 'The old active controller reboots into the new version and returns as standby' },
];

const NAME = 'rollingUpgrade';

const hasUpgradeReason = (node: ControllerRebootInfo | null | undefined) =>
  (node?.reboot_required_reasons ?? []).some((r) => r.code === 'UPGRADE');

const onlyUpgradeReasons = (node: ControllerRebootInfo | null | undefined) =>
  hasUpgradeReason(node) && (node?.reboot_required_reasons ?? []).every((r) => r.code === 'UPGRADE');

/**
 * The disabled reasons the upgrade itself causes on this pair. TrueNAS 25.04 reports any pending
 * reboot as `*_FIPS_REBOOT_REQ` (spec §5.5): that code is the upgrade's when the controller's only
 * reboot reason is `UPGRADE`, and a real FIPS reboot still blocks.
 */
export function upgradeReasons(s: HaSnapshot): string[] {
  const codes = [...UPGRADE_REASONS];
  if (onlyUpgradeReasons(s.rebootInfo.this_node)) codes.push('LOC_FIPS_REBOOT_REQ');
  if (onlyUpgradeReasons(s.rebootInfo.other_node)) codes.push('REM_FIPS_REBOOT_REQ');
  return codes;
}

function upgradeArguments(options: RollingUpgradeOptions, resume: boolean): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (options.train !== undefined) args.train = options.train;
  if (options.version !== undefined) args.version = options.version;
  if (resume) args.resume = true;
  // Resuming an attempt that used an uploaded image continues with the image the controller kept.
  if (resume && options.image !== undefined) args.resume_manual = true;
  return args;
}

/** The job of one attempt: the first with an image uploads it; a resumed one never sends a file. */
function startJob(host: HaHost, ctx: WorkflowContext, options: RollingUpgradeOptions, resume: boolean): Job<unknown> {
  const args = [upgradeArguments(options, resume)];
  if (options.image !== undefined && !resume)
    return host.upload('failover.upgrade', args, options.image, { signal: ctx.signal }) as Job<unknown>;
  return host.call('failover.upgrade', args, { signal: ctx.signal }) as Job<unknown>;
}

/** Follows one upgrade job to its end, reporting its progress in the workflow. */
async function follow(job: Job<unknown>, ctx: WorkflowContext, abortOnSignal: boolean): Promise<void> {
  let last = '';
  const off = job.on('progress', (p) => {
    // The job starts with an empty description; repeat nothing the operator has already seen.
    const text = p.description || `upgrade job ${p.state.toLowerCase()}`;
    const key = `${p.percent} ${text}`;
    if (key === last) return;
    last = key;
    ctx.progress(text, p.percent);
  });
  const onAbort = () => {
    if (abortOnSignal) void job.abort().catch(() => {});
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      job.then(() => resolve(), reject);
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
    });
  } finally {
    off();
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

async function accepts(options: RollingUpgradeOptions, warning: string): Promise<boolean> {
  if (typeof options.acceptWarning === 'function') return (await options.acceptWarning(warning)) === true;
  return options.acceptWarning === true;
}

/** Phase 1: the upgrade job, run again with `resume: true` when its installer warning is accepted. */
async function upgradeStandby(
  host: HaHost,
  ctx: WorkflowContext,
  options: RollingUpgradeOptions,
): Promise<{ jobId: number | null; warning: string | null }> {
  let resume = options.resume === true;
  let accepted: string | null = null;
  for (;;) {
    const job = startJob(host, ctx, options, resume);
    try {
      await follow(job, ctx, options.abortJobOnSignal === true);
      return { jobId: job.id ?? null, warning: accepted };
    } catch (error) {
      if (!(error instanceof JobFailedError) || error.errno !== ERRNO.EAGAIN || resume) throw error;
      // The installer's pre-check warning: nothing is installed yet and the files are kept.
      const warning = error.error.replace(/^\[EAGAIN\]\s*/, '');
      ctx.warn('installer-warning', `the update installer warned: ${warning}`);
      if (!(await accepts(options, warning))) throw new InstallerWarningError(warning, job.id, error);
      accepted = warning;
      resume = true;
      ctx.progress('warning accepted; running the upgrade job again with resume: true');
    }
  }
}

export function rollingUpgrade(host: HaHost, options: RollingUpgradeOptions = {}): Workflow<RollingUpgradeReport> {
  const phases = options.failover === false ? ROLLING_UPGRADE_PHASES.slice(0, 2) : ROLLING_UPGRADE_PHASES;
  return new WorkflowHandle(NAME, phases, options.signal, async (ctx) => {
    checkOptionTypes(NAME, options, {
      train: 'string',
      version: 'string',
      resume: 'boolean',
      acceptWarning: 'boolean|function',
      failover: 'boolean',
      abortJobOnSignal: 'boolean',
    });
    if (options.image !== undefined && !isUpdateImage(options.image)) {
      throw new TypeError(
        `${NAME}: options.image must be a Blob or File, a Uint8Array or ArrayBuffer, a ReadableStream or async iterable of bytes, or (Node) a file path`,
      );
    }
    const timing = stepTiming(NAME, options, 1_800_000);
    ctx.phase('check');
    const start: HaSnapshot = await snapshotNow(host, ctx, timing);
    const applied = hasUpgradeReason(start.rebootInfo.this_node);
    await checkPreconditions(NAME, host, start, { allowReasons: applied || options.resume ? upgradeReasons(start) : [] }, ctx);

    ctx.phase('standby-upgraded');
    let jobId: number | null = null;
    let acceptedWarning: string | null = null;
    if (applied) ctx.progress(`the update is already applied on node ${start.node} (it waits for a reboot); continuing with the failover`);
    else {
      ({ jobId, warning: acceptedWarning } = await upgradeStandby(host, ctx, options));
      ctx.progress(`node ${start.otherNode} runs the new version; node ${start.node} needs a reboot to follow`);
    }
    const fromImage = !applied && options.image !== undefined;
    if (options.failover === false) {
      const end = await snapshotNow(host, ctx, timing);
      return {
        jobId,
        fromImage,
        upgradedStandby: !applied,
        acceptedWarning,
        failover: null,
        master: end.node,
        disabledReasons: end.disabledReasons,
        totalMs: ctx.elapsed(),
      };
    }

    // Phase 2 starts from the pair as the job left it: the versions differ and the active
    // controller waits for its reboot, which the failover gives it. The standby just rebooted:
    // give it time to settle rather than refuse over a passing reason. (Resumed at the failover,
    // the pair is judged as it is.)
    const before = applied
      ? await snapshotNow(host, ctx, timing)
      : await waitStep(
          host,
          ctx,
          timing,
          `node ${start.otherNode} to be ready to take over`,
          (s) => s.rebootInfo.other_node !== null && (s.disabledReasons ?? []).every((r) => upgradeReasons(s).includes(r)),
        );
    await checkPreconditions(NAME, host, before, { allowReasons: upgradeReasons(before) }, ctx);
    const failover = await failOver(NAME, host, ctx, timing, before, true, {
      phases: { passive: 'failover', newMaster: 'failover', verify: 'old-master-upgraded' },
      alsoAtEnd: (s) => !hasUpgradeReason(s.rebootInfo.this_node) && !hasUpgradeReason(s.rebootInfo.other_node),
    });
    return {
      jobId,
      fromImage,
      upgradedStandby: !applied,
      acceptedWarning,
      failover,
      master: failover.master,
      disabledReasons: failover.disabledReasons,
      totalMs: ctx.elapsed(),
    };
  });
}
