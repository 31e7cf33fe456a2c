/** `disable` / `enable`: the seed's emergency pair, with checks that the pair really got there. */
import type { Client } from '../../client/types.js';
import { booleanOption, numberOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { applyChange, type FailoverChange, planChange, printPlan } from '../ha/config-change.js';
import { describeReasons } from '../ha/reasons.js';
import { done, notYet, waitFor } from '../ha/wait.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';

const WAIT_OPTION = {
  name: 'wait',
  type: 'string',
  valueName: 'SECONDS',
  description: 'how long to wait for the pair to settle (default 120)',
} as const;

const call = { timeout: 10_000 };

async function reasonsNow(client: Client): Promise<string[]> {
  return (await client.failover.disabled.reasons(call)).map(String);
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
    'Afterwards the CLI checks that NO_FAILOVER is reported.',
  ],
  options: [
    { name: 'master', type: 'boolean', negatable: true, description: '--no-master: make the other controller active (moves the VIP)' },
    WAIT_OPTION,
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [[EXIT.NOT_CONFIRMED, 'not confirmed']],
  examples: [
    'truenas-failover disable',
    'truenas-failover disable --yes --json',
    'truenas-failover disable --no-master   # hand over to the other controller',
  ],
  async run(ctx) {
    const wait = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 120) * 1000;
    const client = await ctx.client();
    // As the seed's `{"disabled": true}`: the controller reached (the active one) stays designated master.
    const data: FailoverChange = { disabled: true, master: booleanOption(ctx.args, 'master') ?? true };
    const plan = await planChange(client, data);
    printPlan(ctx, plan);
    await applyChange(ctx, client, data, plan);
    const expected = plan.movesVip ? plan.otherNode : plan.node;
    const state = await waitFor(
      'failover to be reported as disabled',
      async () => {
        const [config, reasons, node, status] = await Promise.all([
          client.failover.config(call),
          reasonsNow(client),
          client.failover.node(call),
          client.failover.status(call),
        ]);
        if (config.disabled && reasons.includes('NO_FAILOVER') && node === expected && status === 'MASTER')
          return done({ config, reasons, node });
        return notYet(`node ${node} is ${status}; reasons: ${reasons.join(', ') || 'none'}`);
      },
      { timeout: wait, signal: ctx.signal, interval: 300 },
    );
    report(ctx, { disabled: true, activeNode: state.node, config: state.config, disabledReasons: describeReasons(state.reasons) }, [
      ctx.out.style.yellow(`Failover is DISABLED. Node ${state.node} is active and stays active; there is no automatic failover.`),
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
    'failover.update {"disabled": false}, then waits until failover.disabled.reasons is empty: only then can the',
    'standby take over again. If reasons remain when the wait ends, they are listed and the exit code is 13.',
  ],
  options: [WAIT_OPTION, YES_OPTION, JSON_OPTION],
  connects: true,
  exitCodes: [[EXIT.DISABLED_REASONS, 'failover is enabled but disabled reasons remain']],
  examples: ['truenas-failover enable', 'truenas-failover enable --wait 600 --json'],
  async run(ctx) {
    const wait = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 120) * 1000;
    const client = await ctx.client();
    const data: FailoverChange = { disabled: false };
    const plan = await planChange(client, data);
    // Re-enabling changes nothing else: keep the designated master as it is (25.10+ would reset it).
    if (!plan.legacy) {
      data.master = plan.before.master;
      plan.after.masterIsThis = plan.before.master;
    }
    printPlan(ctx, plan);
    const config = await applyChange(ctx, client, data, plan);
    let reasons: string[] = [];
    try {
      reasons = await waitFor(
        'the disabled reasons to clear',
        async () => {
          const r = await reasonsNow(client);
          return r.length === 0 ? done(r) : notYet<string[]>(r.join(', '));
        },
        { timeout: wait, signal: ctx.signal, interval: 300, onObservation: (t) => ctx.out.info(`  waiting for: ${t}`) },
      );
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.TIMEOUT) throw error;
      reasons = await reasonsNow(client);
      report(ctx, { disabled: config.disabled, config, healthy: false, disabledReasons: describeReasons(reasons) }, [
        ctx.out.style.red(`Failover is enabled, but automatic failover is still not possible: ${reasons.join(', ')}`),
        ...describeReasons(reasons).map((d) => `  ${d.code}: ${d.meaning}`),
      ]);
      return EXIT.DISABLED_REASONS;
    }
    report(ctx, { disabled: config.disabled, config, healthy: true, disabledReasons: describeReasons(reasons) }, [
      ctx.out.style.green(`Failover is enabled and healthy: node ${plan.otherNode} will take over if node ${plan.node} fails.`),
    ]);
    return EXIT.OK;
  },
};
