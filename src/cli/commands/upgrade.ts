/**
 * `upgrade`: the seed's rolling upgrade (`client.ha.rollingUpgrade`), phase and percent progress
 * that survives the failover; `--image FILE` uploads a manual update image instead of letting the
 * controller download the update (air-gapped pairs).
 */
import { stat } from 'node:fs/promises';
import { AbortedError } from '../../errors/index.js';
import { InstallerWarningError } from '../../ha/errors/index.js';
import { type RollingUpgradeOptions, type RollingUpgradeReport, upgradeReasons } from '../../ha/rolling-upgrade.js';
import { numberOption, stringOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { CliError, InterruptedError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { showWorkflow } from '../ha/workflow-progress.js';
import { ABORT_OPTION, JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';
import { readyForFailover, WAIT_LONG } from './failover.js';

async function followed<T>(
  ctx: CommandContext,
  progress: Progress,
  workflow: import('../../ha/workflow.js').Workflow<T>,
  numbering?: { first: number; total: number },
  quiet?: string[],
): Promise<T> {
  const stop = showWorkflow(workflow, progress, ctx.out, { numbering, quiet });
  try {
    return await workflow;
  } finally {
    stop();
  }
}

/** The image must be a readable regular file; a usage error (exit 2) names `--image` otherwise. */
async function checkImageFile(path: string): Promise<void> {
  let regular: boolean;
  try {
    regular = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`--image ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (!regular) throw new UsageError(`--image ${path}: not a regular file`);
}

export const upgradeCommand: CommandSpec = {
  name: 'upgrade',
  summary: 'rolling upgrade: upgrade the standby, fail over to it, then the old active controller follows',
  usage: [
    'upgrade [--train NAME] [--version VERSION] [--resume] [--no-failover] [--yes] [--abort-on-interrupt] [--json]',
    'upgrade --image FILE [--resume] [--no-failover] [--yes] [--abort-on-interrupt] [--json]',
  ],
  description: [
    'The failover.upgrade job on the active controller downloads the update, installs it on both controllers and',
    'reboots the standby into it; then a planned failover moves the VIP to the upgraded controller; finally the',
    'old active controller boots into the new version and returns as the standby. If the installer raises a',
    'warning (EAGAIN), it is shown and, on a terminal, you are asked whether to accept it; --resume accepts it',
    'up front. With --image FILE the update image is uploaded to the active controller instead (for pairs without',
    'internet access); after a warning, --image FILE --resume continues with the image the controller kept, without',
    'sending it again. Ctrl-C stops waiting and leaves the job running; `upgrade` run again later skips the job once',
    'the update is applied and continues with the failover.',
  ],
  options: [
    { name: 'train', type: 'string', valueName: 'NAME', description: 'update train to use' },
    { name: 'version', type: 'string', valueName: 'VERSION', description: 'version to install (25.10+)' },
    {
      name: 'image',
      type: 'string',
      valueName: 'FILE',
      description: 'upload this update image instead of downloading (with --resume: use the image kept from the first attempt)',
    },
    { name: 'resume', type: 'boolean', description: "accept the installer's warning and continue a stopped upgrade" },
    { name: 'failover', type: 'boolean', negatable: true, description: '--no-failover: stop once the standby runs the new version' },
    WAIT_LONG,
    YES_OPTION,
    ABORT_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.FAILED, 'the upgrade job failed (or the installer warned and it was not accepted)'],
    [EXIT.DISABLED_REASONS, 'the pair is not healthy enough to start'],
    [EXIT.INTERRUPTED, 'stopped waiting; the job keeps running unless --abort-on-interrupt'],
  ],
  examples: [
    'truenas-failover upgrade',
    'truenas-failover upgrade --yes --json',
    'truenas-failover upgrade --no-failover --train TrueNAS-SCALE-Fangtooth',
    'truenas-failover upgrade --image TrueNAS-SCALE-25.10.2.update --yes',
  ],
  async run(ctx) {
    const timeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 1800) * 1000;
    const failover = ctx.args.values.failover !== false;
    const image = stringOption(ctx.args, 'image');
    const resume = ctx.args.values.resume === true;
    // Check the file before connecting; on --resume it is not sent again (the controller kept it).
    if (image !== undefined && !resume) await checkImageFile(image);
    const client = await ctx.client();
    const before = await client.ha.snapshot({ signal: ctx.signal });
    const applied = before.rebootInfo.this_node.reboot_required_reasons.some((r) => r.code === 'UPGRADE');
    // Refuse before asking; the workflow checks again when it starts.
    const s = await readyForFailover(client, ctx.signal, applied || ctx.args.values.resume ? upgradeReasons(before) : []);
    await ctx.confirmer.confirm(`Start a rolling upgrade of the pair (node ${s.node} active)?`, [
      applied
        ? `The update is already applied; node ${s.node} hands over to node ${s.otherNode} (the VIP moves) and reboots into the new version.`
        : `Node ${s.otherNode} (the standby) is upgraded and rebooted first${failover ? `; then node ${s.node} hands over to it (the VIP moves) and reboots into the new version` : ''}.`,
      ...(image !== undefined && !applied
        ? [
            resume
              ? `The update image node ${s.node} kept from the first attempt is used.`
              : `The update image ${image} is uploaded to node ${s.node}.`,
          ]
        : []),
      'There is no failover protection while a controller reboots.',
    ]);
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    const options: RollingUpgradeOptions = {
      signal: ctx.signal,
      abortJobOnSignal: ctx.abortOnInterrupt,
      timeout,
      failover,
      resume,
      acceptWarning: async () => {
        // A script must decide up front (--resume); on a terminal the operator reads the warning and answers.
        if (!process.stdin.isTTY || ctx.args.values.yes) return false;
        progress.done();
        try {
          await ctx.confirmer.confirm('Accept the warning and continue the upgrade?');
          return true;
        } catch {
          return false;
        }
      },
    };
    const train = stringOption(ctx.args, 'train');
    const version = stringOption(ctx.args, 'version');
    if (train !== undefined) options.train = train;
    if (version !== undefined) options.version = version;
    if (image !== undefined) options.image = image;
    const started = Date.now();
    let r: RollingUpgradeReport;
    try {
      r = await followed(ctx, progress, client.ha.rollingUpgrade(options));
    } catch (error) {
      if (error instanceof AbortedError && ctx.signal.aborted) {
        throw new InterruptedError(
          ctx.abortOnInterrupt
            ? 'Interrupted; asked the server to abort the upgrade job.'
            : 'Interrupted; the upgrade keeps running on the pair.',
          'Run `truenas-failover upgrade` again later: it continues with the failover once the update is applied.',
        );
      }
      if (error instanceof InstallerWarningError && image !== undefined) {
        // The controller kept the uploaded image: resuming must say so (resume_manual), not download.
        throw new CliError(
          `The update installer warned: ${error.warning}`,
          EXIT.FAILED,
          `Nothing was installed. Read the warning; to accept it run \`truenas-failover upgrade --image ${image} --resume\` (the image is not sent again).`,
        );
      }
      throw error;
    } finally {
      progress.done();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (ctx.args.values.json) ctx.out.json({ ok: true, seconds: Number(seconds), ...r });
    else if (r.failover) {
      ctx.out.line(
        ctx.out.style.green(`Rolling upgrade done in ${seconds} s: both controllers run the new version; node ${r.master} is MASTER.`),
      );
      ctx.out.line(`  no controller was active for ${(r.failover.noMasterMs / 1000).toFixed(1)} s during the failover`);
    } else
      ctx.out.line(
        ctx.out.style.green(`Standby upgraded in ${seconds} s. Run \`truenas-failover upgrade\` again (or \`failover\`) to finish.`),
      );
    return EXIT.OK;
  },
};
