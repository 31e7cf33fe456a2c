/** `disable` / `enable`: the seed's emergency pair (`client.ha.emergencyDisable` / `reenable`), checked afterwards. */

import { AbortedError } from '../../errors/index.js';
import { FailoverVerificationError } from '../../ha/errors/index.js';
import type { MaintenancePlan, MaintenanceReport } from '../../ha/maintenance.js';
import { describeReasons } from '../../ha/reasons.js';
import type { Workflow } from '../../ha/workflow.js';
import { booleanOption, numberOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { InterruptedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { showWorkflow } from '../ha/workflow-progress.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';

const WAIT_OPTION = {
  name: 'wait',
  type: 'string',
  valueName: 'SECONDS',
  description: 'how long to wait for the pair to settle (default 120)',
} as const;

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The change as a small table (field, now, after) with what it means for the VIP, on stderr. */
function printPlan(ctx: CommandContext, p: MaintenancePlan): void {
  const s = ctx.out.styleErr;
  const label = (node: string | undefined) =>
    node === undefined ? 'unknown' : `node ${node}${node === p.node ? ' (this controller)' : ''}`;
  const rows: [string, string, string][] = [
    ['disabled', yesNo(p.before.disabled), yesNo(p.update.disabled)],
    ['designated master', label(p.designatedMasterBefore), label(p.designatedMaster)],
  ];
  ctx.out.info(s.bold(`Failover configuration of the pair (node ${p.node}${p.activeNode === p.node ? ' is MASTER' : ''}):`));
  const w = Math.max(...rows.map((r) => r[0].length));
  const w2 = Math.max(...rows.map((r) => r[1].length));
  for (const [k, a, b] of rows) ctx.out.info(`  ${k.padEnd(w)}  ${a.padEnd(w2)}  ${a !== b ? s.bold(`→ ${b}`) : s.dim('(unchanged)')}`);
  const other = p.activeNode === 'A' ? 'B' : 'A';
  if (p.vipMoves) {
    ctx.out.info(
      `  ${s.red('The VIP will move:')} node ${p.designatedMaster} is forced to take over (failover disabled, designated master there). ` +
        'Clients of the VIP lose their connections for a few seconds; the CLI follows the VIP.',
    );
  } else if (p.action === 'disable' && !p.before.disabled) {
    ctx.out.info(
      `  ${s.yellow('Automatic failover stops:')} if node ${p.activeNode} fails, node ${other} will NOT take over until failover is enabled again.`,
    );
  }
}

async function follow(ctx: CommandContext, workflow: Workflow<MaintenanceReport>): Promise<MaintenanceReport> {
  const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
  const stop = showWorkflow(workflow, progress, ctx.out, { quiet: ['check', 'update', 'verify'] });
  try {
    return await workflow;
  } catch (error) {
    if (error instanceof AbortedError && ctx.signal.aborted) {
      throw new InterruptedError('Stopped waiting; a change already sent stays made.', 'Check the pair with `truenas-failover status`.');
    }
    throw error;
  } finally {
    stop();
    progress.done();
  }
}

function report(ctx: CommandContext, value: Record<string, unknown>, lines: string[]): void {
  if (ctx.args.values.json) ctx.out.json(value);
  else for (const l of lines) ctx.out.line(l);
}

export const disableCommand: CommandSpec = {
  name: 'disable',
  summary: 'emergency disable: stop automatic failover (this controller stays active unless --no-master)',
  usage: ['disable [--no-master] [--yes] [--json]'],
  description: [
    'failover.update {"disabled": true}: TrueNAS then ignores failover events, and the designated master is',
    'forced to be active. By default that is the controller the CLI reached (through the VIP: the active one),',
    'so nothing moves. With --no-master the other controller is designated and takes over: the VIP moves.',
    'Afterwards the CLI checks that NO_FAILOVER is reported and which controller is active.',
  ],
  options: [
    { name: 'master', type: 'boolean', negatable: true, description: '--no-master: make the other controller active (moves the VIP)' },
    WAIT_OPTION,
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.NOT_CONFIRMED, 'not confirmed'],
    [EXIT.USAGE, '--no-master on TrueNAS 25.04, which always keeps the answering controller as master'],
  ],
  examples: [
    'truenas-failover disable',
    'truenas-failover disable --yes --json',
    'truenas-failover disable --no-master   # hand over to the other controller',
  ],
  async run(ctx) {
    const timeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 120) * 1000;
    const client = await ctx.client();
    const r = await follow(
      ctx,
      client.ha.emergencyDisable({
        signal: ctx.signal,
        timeout,
        master: booleanOption(ctx.args, 'master') === false ? 'other' : 'this',
        confirm: async (plan) => {
          printPlan(ctx, plan);
          await ctx.confirmer.confirm(plan.vipMoves ? `Move the VIP to node ${plan.designatedMaster}?` : 'Disable automatic failover?');
          return true;
        },
      }),
    );
    report(ctx, { ok: true, disabled: true, ...r, disabledReasons: describeReasons(r.disabledReasons ?? []) }, [
      ctx.out.style.yellow(`Failover is DISABLED. Node ${r.activeNode} is active and stays active; there is no automatic failover.`),
      ...(r.vipMoved ? [`  the VIP moved to node ${r.activeNode}`] : []),
      'Re-enable after the maintenance with: truenas-failover enable',
    ]);
    return EXIT.OK;
  },
};

export const enableCommand: CommandSpec = {
  name: 'enable',
  summary: 're-enable automatic failover and check that the pair is healthy again (no disabled reasons)',
  usage: ['enable [--yes] [--json] [--wait SECONDS]'],
  description: [
    'failover.update {"disabled": false} with the designated master kept, then waits until',
    'failover.disabled.reasons is empty: only then can the standby take over again. If reasons remain when the',
    'wait ends, they are listed and the exit code is 13.',
  ],
  options: [WAIT_OPTION, YES_OPTION, JSON_OPTION],
  connects: true,
  exitCodes: [[EXIT.DISABLED_REASONS, 'failover is enabled but disabled reasons remain']],
  examples: ['truenas-failover enable', 'truenas-failover enable --wait 600 --json'],
  async run(ctx) {
    const timeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 120) * 1000;
    const client = await ctx.client();
    let r: MaintenanceReport;
    try {
      r = await follow(
        ctx,
        client.ha.reenable({
          signal: ctx.signal,
          timeout,
          confirm: (plan) => {
            printPlan(ctx, plan);
            return true;
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof FailoverVerificationError)) throw error;
      // Enabled, but TrueNAS still reports why it could not fail over: say which, as `status` would.
      const [config, reasons] = await Promise.all([client.failover.config(), client.failover.disabled.reasons()]);
      const described = describeReasons(reasons.map(String));
      report(ctx, { ok: false, healthy: false, config, disabledReasons: described }, [
        ctx.out.style.red(
          `Failover is ${config.disabled ? 'still DISABLED' : 'enabled'}, but automatic failover is not possible: ${reasons.join(', ')}`,
        ),
        ...described.map((d) => `  ${d.code}: ${d.meaning}`),
      ]);
      return EXIT.DISABLED_REASONS;
    }
    const other = r.activeNode === 'A' ? 'B' : 'A';
    report(ctx, { ok: true, healthy: true, ...r, disabledReasons: describeReasons(r.disabledReasons ?? []) }, [
      ctx.out.style.green(`Failover is enabled and healthy: node ${other} will take over if node ${r.activeNode} fails.`),
    ]);
    return EXIT.OK;
  },
};
