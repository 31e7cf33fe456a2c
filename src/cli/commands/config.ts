import { booleanOption, exclusive, numberOption, type ParsedArgs } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { applyChange, type FailoverChange, type FailoverEntry, planChange, printPlan } from '../ha/config-change.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';

function printConfig(ctx: CommandContext, config: FailoverEntry, node: string, indent = ''): void {
  const { out } = ctx;
  out.pairs(
    [
      ['disabled', config.disabled ? out.style.red('yes (no automatic failover)') : out.style.green('no')],
      ['designated master', config.master ? `this controller (node ${node})` : 'the other controller'],
      ['timeout', `${config.timeout} s${config.timeout <= 2 ? ' (default: about 2 s)' : ''}`],
      ['id', String(config.id)],
    ],
    indent,
  );
}

export const configCommand: CommandSpec = {
  name: 'config',
  summary: 'show the failover configuration (disabled, designated master, timeout)',
  usage: ['config [--json]'],
  options: [JSON_OPTION],
  connects: true,
  examples: ['truenas-failover config', 'truenas-failover config --json | jq .timeout'],
  async run(ctx) {
    const client = await ctx.client();
    const [config, node] = await Promise.all([
      client.failover.config({ signal: ctx.signal }),
      client.failover.node({ signal: ctx.signal }),
    ]);
    if (ctx.args.values.json) ctx.out.json(config);
    else printConfig(ctx, config as FailoverEntry, String(node));
    return EXIT.OK;
  },
};

function changeFrom(args: ParsedArgs): FailoverChange {
  exclusive(args, 'disabled', 'enabled');
  const data: FailoverChange = {};
  if (args.values.disabled) data.disabled = true;
  if (args.values.enabled) data.disabled = false;
  const timeout = numberOption(args, 'timeout', { integer: true, min: 0 });
  if (timeout !== undefined) data.timeout = timeout;
  const master = booleanOption(args, 'master');
  if (master !== undefined) data.master = master;
  if (Object.keys(data).length === 0) {
    throw new UsageError('nothing to change', 'Give --disabled or --enabled, --timeout SECONDS, --master or --no-master.');
  }
  return data;
}

/** Prints the result of a change; JSON with --json. */
export function printResult(ctx: CommandContext, config: FailoverEntry, node: string): void {
  if (ctx.args.values.json) ctx.out.json(config);
  else {
    ctx.out.line(ctx.out.style.bold('Failover configuration now:'));
    printConfig(ctx, config, node, '  ');
  }
}

export const updateCommand: CommandSpec = {
  name: 'update',
  summary: 'change the failover configuration; shows the change and asks before anything that can move the VIP',
  usage: ['update [--disabled | --enabled] [--timeout SECONDS] [--master | --no-master] [--yes] [--json]'],
  description: [
    'Calls failover.update with only what is asked for: without --master/--no-master the designated master is',
    'kept (TrueNAS 25.10+ would otherwise make the answering controller the master; 25.04 always does).',
    'Disabling failover forces the designated master to be active: with --no-master that moves the VIP.',
    'Here --timeout is the failover timeout (seconds before failing over; 0 = default, about 2 s); the per-call',
    'timeout is --call-timeout, or --timeout before the command name.',
  ],
  options: [
    { name: 'disabled', type: 'boolean', description: 'disable automatic failover (the designated master stays or becomes active)' },
    { name: 'enabled', type: 'boolean', description: 'enable automatic failover' },
    { name: 'timeout', type: 'string', valueName: 'SECONDS', description: 'failover timeout in seconds (0 = default)' },
    {
      name: 'master',
      type: 'boolean',
      negatable: true,
      description: 'this controller (--master) or the other one (--no-master) is the designated master',
    },
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [[EXIT.NOT_CONFIRMED, 'the change needed confirmation and got none']],
  examples: [
    'truenas-failover update --timeout 6',
    'truenas-failover update --disabled --yes            # emergency disable, this controller stays active',
    'truenas-failover update --disabled --no-master      # the other controller takes over (VIP moves)',
    'truenas-failover --timeout 120 update --enabled     # 120 s per-call timeout',
  ],
  async run(ctx) {
    const data = changeFrom(ctx.args);
    const client = await ctx.client();
    const plan = await planChange(client, data);
    // TrueNAS 25.10+ makes the answering controller the designated master when `master` is left out:
    // send the current choice so that only what was asked for changes.
    if (data.master === undefined && !plan.legacy) {
      data.master = plan.before.master;
      plan.after.masterIsThis = plan.before.master;
      plan.movesVip = plan.after.disabled && !plan.after.masterIsThis && plan.status === 'MASTER';
    }
    printPlan(ctx, plan);
    const config = await applyChange(ctx, client, data, plan);
    printResult(ctx, config, plan.node);
    return EXIT.OK;
  },
};
