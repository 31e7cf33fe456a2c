/** `failover`: planned failover from the active controller to the standby. */
import { numberOption } from '../args.js';
import type { CommandSpec } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { checkFailoverPreconditions, plannedFailover } from '../ha/planned-failover.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';

export const WAIT_LONG = {
  name: 'wait',
  type: 'string',
  valueName: 'SECONDS',
  description: 'longest wait for each step (default 1800: real controllers take minutes to reboot)',
} as const;

export const failoverCommand: CommandSpec = {
  name: 'failover',
  summary: 'planned failover: the active controller hands over to the standby (the VIP moves)',
  usage: ['failover [--yes] [--no-wait-peer] [--json]'],
  description: [
    'Checks that a failover can happen (licensed, reached controller is MASTER, failover enabled, no disabled',
    'reasons), asks, then calls failover.become_passive: the active controller reboots at once without answering',
    'and the standby takes over the VIP. The CLI follows the VIP to the new MASTER, reports how long no',
    'controller was active, and waits for the old one to return as the standby (unless --no-wait-peer).',
  ],
  options: [
    { name: 'wait-peer', type: 'boolean', negatable: true, description: '--no-wait-peer: return once the new MASTER answers' },
    WAIT_LONG,
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.NOT_MASTER, 'the controller reached is not the active one'],
    [EXIT.FAILOVER_DISABLED, 'failover is disabled (enable it first)'],
    [EXIT.DISABLED_REASONS, 'disabled reasons present: the standby cannot take over safely'],
    [EXIT.TIMEOUT, 'the new MASTER or the returning standby took longer than --wait'],
  ],
  examples: ['truenas-failover failover', 'truenas-failover failover --yes --json', 'truenas-failover failover --yes --no-wait-peer'],
  async run(ctx) {
    const waitTimeout = (numberOption(ctx.args, 'wait', { min: 1 }) ?? 1800) * 1000;
    const waitForPeer = ctx.args.values['wait-peer'] !== false;
    const client = await ctx.client();
    const { node } = await checkFailoverPreconditions(client);
    const other = node === 'A' ? 'B' : 'A';
    await ctx.confirmer.confirm(`Fail over from node ${node} to node ${other}?`, [
      `Node ${node} is MASTER; node ${other} is a healthy standby. Node ${node} will reboot at once and node ${other}`,
      'takes over the VIP: clients lose their connections for a few seconds.',
    ]);
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    try {
      const r = await plannedFailover(client, { signal: ctx.signal, waitTimeout, waitForPeer, reporter: progress });
      progress.done();
      if (ctx.args.values.json) ctx.out.json({ ok: true, ...r });
      else {
        ctx.out.line(ctx.out.style.green(`Planned failover done: node ${r.to.node} is MASTER (was node ${r.from.node}).`));
        ctx.out.line(`  no controller was active for ${(r.noMasterMs / 1000).toFixed(1)} s`);
        if (r.peerBackMs !== null)
          ctx.out.line(`  node ${r.from.node} was back as the standby after ${(r.peerBackMs / 1000).toFixed(1)} s; disabled reasons: none`);
      }
      return EXIT.OK;
    } finally {
      progress.done();
    }
  },
};
