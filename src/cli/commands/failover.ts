/** `failover`: planned failover from the active controller to the standby (`client.ha.plannedFailover`). */

import type { Client } from '../../entry/types.js';
import { AbortedError } from '../../errors/index.js';
import { describeReasons } from '../../ha/reasons.js';
import type { HaSnapshot } from '../../ha/types.js';
import { numberOption } from '../args.js';
import type { CommandSpec } from '../context.js';
import { CliError, InterruptedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { showWorkflow } from '../ha/workflow-progress.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';

export const WAIT_LONG = {
  name: 'wait',
  type: 'string',
  valueName: 'SECONDS',
  description: 'longest wait for each step (default 1800: real controllers take minutes to reboot)',
} as const;

/**
 * The refusals of a planned failover, before anything is asked or sent (the workflow checks them
 * again when it starts): the exit code names the condition, as `status` does.
 */
export async function readyForFailover(
  client: Client,
  signal: AbortSignal,
  allowReasons: readonly string[] = [],
): Promise<HaSnapshot & { otherNode: 'A' | 'B' }> {
  const s = await client.ha.snapshot({ timeout: 30_000, signal });
  if (!s.licensed || s.otherNode === undefined) {
    throw new CliError('This system is not HA-licensed: there is no other controller to fail over to.', EXIT.UNLICENSED);
  }
  if (s.status !== 'MASTER') {
    throw new CliError(
      `Node ${s.node} is ${s.status}, not the active controller: asking it to become passive would only reboot it.`,
      EXIT.NOT_MASTER,
      'Connect through the VIP (--vip or --url of the virtual IP).',
    );
  }
  if (s.config.disabled) {
    throw new CliError(
      'Failover is administratively disabled: the standby would not take over.',
      EXIT.FAILOVER_DISABLED,
      'Run `truenas-failover enable` first.',
    );
  }
  const blocking = (s.disabledReasons ?? []).filter((r) => !allowReasons.includes(r));
  if (blocking.length) {
    throw new CliError(
      `The pair is not ready for a failover: ${describeReasons(blocking)
        .map((r) => `${r.code} (${r.meaning})`)
        .join('; ')}.`,
      EXIT.DISABLED_REASONS,
      'Fix the disabled reasons first; `truenas-failover status` explains them.',
    );
  }
  return s as HaSnapshot & { otherNode: 'A' | 'B' };
}

export const failoverCommand: CommandSpec = {
  name: 'failover',
  summary: 'planned failover: the active controller hands over to the standby (the VIP moves)',
  usage: ['failover [--yes] [--no-wait-peer] [--json]'],
  description: [
    'Checks that a failover can happen (licensed, reached controller is MASTER, failover enabled, the standby',
    'healthy, no disabled reasons), asks, then calls failover.become_passive: the active controller reboots at',
    'once without answering and the standby takes over the VIP. The CLI follows the VIP to the new MASTER,',
    'reports how long no controller was active, and waits for the old one to return as the standby (unless',
    '--no-wait-peer). Ctrl-C stops waiting; the failover, once asked for, goes on.',
  ],
  options: [
    { name: 'wait-peer', type: 'boolean', negatable: true, description: '--no-wait-peer: return once the new MASTER answers' },
    WAIT_LONG,
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.UNLICENSED, 'not an HA pair'],
    [EXIT.NOT_MASTER, 'the controller reached is not the active one'],
    [EXIT.FAILOVER_DISABLED, 'failover is disabled (enable it first)'],
    [EXIT.DISABLED_REASONS, 'the standby cannot take over safely (disabled reasons)'],
    [EXIT.TIMEOUT, 'the new MASTER or the returning standby took longer than --wait'],
  ],
  examples: ['truenas-failover failover', 'truenas-failover failover --yes --json', 'truenas-failover failover --yes --no-wait-peer'],
  async run(ctx) {
    const timeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 1800) * 1000;
    const waitForPeer = ctx.args.values['wait-peer'] !== false;
    const client = await ctx.client();
    const s = await readyForFailover(client, ctx.signal);
    await ctx.confirmer.confirm(`Fail over from node ${s.node} to node ${s.otherNode}?`, [
      `Node ${s.node} is MASTER; node ${s.otherNode} is a healthy standby. Node ${s.node} will reboot at once and node ${s.otherNode}`,
      'takes over the VIP: clients lose their connections for a few seconds.',
    ]);
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    const workflow = client.ha.plannedFailover({ signal: ctx.signal, timeout, waitForPeer });
    const stop = showWorkflow(workflow, progress, ctx.out);
    try {
      const r = await workflow;
      progress.done();
      if (ctx.args.values.json) ctx.out.json({ ok: true, ...r });
      else {
        ctx.out.line(ctx.out.style.green(`Planned failover done: node ${r.to.node} is MASTER (was node ${r.from.node}).`));
        ctx.out.line(`  no controller was active for ${(r.noMasterMs / 1000).toFixed(1)} s`);
        if (r.peerBackMs !== null) {
          ctx.out.line(`  node ${r.from.node} was back as the standby after ${(r.peerBackMs / 1000).toFixed(1)} s; disabled reasons: none`);
        }
      }
      return EXIT.OK;
    } catch (error) {
      if (error instanceof AbortedError && ctx.signal.aborted) {
        throw new InterruptedError(
          'Stopped waiting; the failover goes on on the pair.',
          'Follow it with `truenas-failover watch` or `truenas-failover status`.',
        );
      }
      throw error;
    } finally {
      stop();
      progress.done();
    }
  },
};
