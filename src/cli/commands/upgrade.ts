/** `upgrade`: the rolling upgrade of the seed, with phase and percent progress that survives the failover. */
import { numberOption, stringOption } from '../args.js';
import type { CommandSpec } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { rollingUpgrade, type UpgradeArguments } from '../ha/rolling-upgrade.js';
import { ABORT_OPTION, JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';
import { WAIT_LONG } from './failover.js';

export const upgradeCommand: CommandSpec = {
  name: 'upgrade',
  summary: 'rolling upgrade: upgrade the standby, fail over to it, then the old active controller follows',
  usage: ['upgrade [--train NAME] [--version VERSION] [--resume] [--no-failover] [--yes] [--abort-on-interrupt] [--json]'],
  description: [
    'Phase 1 runs the failover.upgrade job on the active controller: it downloads the update, installs it on both',
    'controllers and reboots the standby into it. Phase 2 is a planned failover to the upgraded controller;',
    'phase 3 waits for the old active controller to boot into the new version and return as the standby.',
    'If the installer raises a warning (EAGAIN), it is shown and, on a terminal, you are asked whether to accept',
    'it; --resume accepts it up front. Ctrl-C stops waiting and leaves the job running; running `upgrade` again',
    'later skips phase 1 once the update is applied.',
  ],
  options: [
    { name: 'train', type: 'string', valueName: 'NAME', description: 'update train to use' },
    { name: 'version', type: 'string', valueName: 'VERSION', description: 'version to install (25.10+)' },
    { name: 'resume', type: 'boolean', description: "accept the installer's warning and continue a stopped upgrade" },
    { name: 'failover', type: 'boolean', negatable: true, description: '--no-failover: stop after phase 1 (fail over later yourself)' },
    WAIT_LONG,
    YES_OPTION,
    ABORT_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.FAILED, 'the upgrade job failed (or the installer warned and it was not accepted)'],
    [EXIT.INTERRUPTED, 'stopped waiting; the job keeps running unless --abort-on-interrupt'],
  ],
  examples: [
    'truenas-failover upgrade',
    'truenas-failover upgrade --yes --json',
    'truenas-failover upgrade --no-failover --train TrueNAS-SCALE-Fangtooth',
  ],
  async run(ctx) {
    const waitTimeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 1800) * 1000;
    const args: UpgradeArguments = {};
    const train = stringOption(ctx.args, 'train');
    const version = stringOption(ctx.args, 'version');
    if (train !== undefined) args.train = train;
    if (version !== undefined) args.version = version;
    if (ctx.args.values.resume) args.resume = true;
    const failover = ctx.args.values.failover !== false;
    const client = await ctx.client();
    const node = String(await client.failover.node());
    const other = node === 'A' ? 'B' : 'A';
    await ctx.confirmer.confirm(`Start a rolling upgrade of the pair (node ${node} active)?`, [
      `Node ${other} (the standby) is upgraded and rebooted first${failover ? `; then node ${node} hands over to it (the VIP moves) and reboots into the new version` : ''}.`,
      'There is no failover protection while a controller reboots.',
    ]);
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    const started = Date.now();
    try {
      const r = await rollingUpgrade(client, {
        signal: ctx.signal,
        waitTimeout,
        reporter: progress,
        args,
        failover,
        abortOnInterrupt: ctx.abortOnInterrupt,
        onWarning: async (text) => {
          progress.done();
          ctx.out.warn(`the installer raised a warning: ${text}`);
          if (args.resume) return true;
          if (!process.stdin.isTTY || ctx.args.values.yes) return false;
          try {
            await ctx.confirmer.confirm('Accept the warning and continue the upgrade?');
            return true;
          } catch {
            return false;
          }
        },
      });
      progress.done();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (ctx.args.values.json) ctx.out.json({ ok: true, seconds: Number(seconds), ...r });
      else if (r.failover) {
        ctx.out.line(
          ctx.out.style.green(
            `Rolling upgrade done in ${seconds} s: both controllers run the new version; node ${r.failover.to.node} is MASTER.`,
          ),
        );
        ctx.out.line(`  no controller was active for ${(r.failover.noMasterMs / 1000).toFixed(1)} s during the failover`);
      } else
        ctx.out.line(
          ctx.out.style.green(`Standby upgraded in ${seconds} s. Run \`truenas-failover upgrade\` again (or \`failover\`) to finish.`),
        );
      return EXIT.OK;
    } finally {
      progress.done();
    }
  },
};
