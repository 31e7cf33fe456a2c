/**
 * The seed's rolling upgrade on plain client calls, in three phases: (1) the `failover.upgrade` job
 * on the active controller upgrades and reboots the standby; (2) a planned failover moves the VIP
 * to the upgraded controller; (3) the old active controller reboots into the new version and comes
 * back as the standby. Re-running it after an interruption resumes where the pair is: an update
 * already applied skips phase 1 (TrueNAS would refuse it with EREBOOTREQUIRED anyway).
 */
import type { Client } from '../../client/types.js';
import { ERRNO, JobFailedError } from '../../errors/index.js';
import type { Job } from '../../types/job.js';
import { CliError, InterruptedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';
import { checkFailoverPreconditions, type PhaseReporter, type PlannedFailoverReport, plannedFailover } from './planned-failover.js';

export interface UpgradeArguments {
  train?: string;
  version?: string;
  resume?: boolean;
}

export interface RollingUpgradeOptions {
  signal: AbortSignal;
  waitTimeout: number;
  reporter: PhaseReporter;
  args: UpgradeArguments;
  /** Do phases 2 and 3 (default true); false stops once the standby runs the new version. */
  failover: boolean;
  abortOnInterrupt: boolean;
  /** The installer raised a warning (EAGAIN): true to accept it and resume. */
  onWarning(text: string): Promise<boolean>;
}

export interface RollingUpgradeReport {
  /** False when the update had already been applied (phase 1 skipped). */
  upgradedStandby: boolean;
  jobId: number | null;
  failover: PlannedFailoverReport | null;
}

// What blocks the failover half of an upgrade is only what the upgrade itself causes. TrueNAS 25.04
// reports any pending reboot of a controller as *_FIPS_REBOOT_REQ (spec §5.5), the upgrade's included.
function upgradeReasons(apiVersion: string | undefined): string[] {
  const reasons = ['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ', 'REM_UPGRADE_REBOOT_REQ'];
  if (apiVersion?.startsWith('v25.04')) reasons.push('LOC_FIPS_REBOOT_REQ');
  return reasons;
}

async function alreadyApplied(client: Client): Promise<boolean> {
  const info = (await client.failover.reboot.info()) as { this_node?: { reboot_required_reasons?: { code: string }[] } };
  return (info.this_node?.reboot_required_reasons ?? []).some((r) => r.code === 'UPGRADE');
}

async function follow(job: Job<unknown>, options: RollingUpgradeOptions): Promise<number | null> {
  const stop = job.on('progress', (p) => options.reporter.update(p.percent, p.description));
  try {
    await untilAborted(job, options.signal);
    return job.id ?? null;
  } catch (error) {
    if (options.signal.aborted) {
      const id = job.id;
      if (options.abortOnInterrupt) {
        await job.abort().catch(() => {});
        throw new InterruptedError(`Interrupted; asked the server to abort the upgrade job${id ? ` ${id}` : ''}.`);
      }
      throw new InterruptedError(
        `Interrupted; the upgrade job${id ? ` ${id}` : ''} keeps running on the active controller.`,
        'Run `truenas-failover upgrade` again later: it continues with the failover once the update is applied.',
      );
    }
    throw error;
  } finally {
    stop();
  }
}

export async function rollingUpgrade(client: Client, options: RollingUpgradeOptions): Promise<RollingUpgradeReport> {
  const { reporter } = options;
  const total = options.failover ? 3 : 1;
  let jobId: number | null = null;
  let upgradedStandby = false;
  if (await alreadyApplied(client)) {
    reporter.note('The update is already applied on this controller (it waits for a reboot): skipping to the failover.');
  } else {
    await checkFailoverPreconditions(client);
    reporter.phase(1, total, 'Upgrade the standby controller (download, install on both, reboot the standby)');
    let args: UpgradeArguments = { ...options.args };
    for (let attempt = 0; ; attempt++) {
      try {
        jobId = await follow(client.failover.upgrade(args as never), options);
        break;
      } catch (error) {
        if (!(error instanceof JobFailedError && error.errno === ERRNO.EAGAIN) || attempt > 0 || args.resume) throw error;
        // Installer pre-check warning: TrueNAS kept the files; `resume: true` accepts the warning.
        const text = error.error.replace(/^\[EAGAIN\]\s*/, '');
        if (!(await options.onWarning(text))) {
          throw new CliError(
            `The installer warned: ${text}`,
            EXIT.FAILED,
            'Read the warning; to accept it run `truenas-failover upgrade --resume`.',
          );
        }
        args = { ...args, resume: true };
        reporter.note('  warning accepted; resuming the upgrade');
      }
    }
    upgradedStandby = true;
    reporter.note('  the standby runs the new version; the active controller needs a reboot to follow');
  }
  if (!options.failover) return { upgradedStandby, jobId, failover: null };
  const failover = await plannedFailover(client, {
    signal: options.signal,
    waitTimeout: options.waitTimeout,
    waitForPeer: true,
    allowReasons: upgradeReasons(client.apiVersion),
    reporter,
    phases: { first: 2, total },
  });
  return { upgradedStandby, jobId, failover };
}
