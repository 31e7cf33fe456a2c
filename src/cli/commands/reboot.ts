/** `reboot info` and `reboot other-node`. */
import { JobFailedError } from '../../errors/index.js';
import { stringOption } from '../args.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { InterruptedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { untilAborted } from '../interrupt.js';
import { ABORT_OPTION, JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';

interface RebootInfo {
  boot_id: string;
  reboot_required_reasons: { code: string; reason: string }[];
}
interface FailoverRebootInfo {
  this_node: RebootInfo;
  other_node: RebootInfo | null;
}

function printInfo(ctx: CommandContext, info: FailoverRebootInfo, node: string): void {
  const { out } = ctx;
  const other = node === 'A' ? 'B' : node === 'B' ? 'A' : '?';
  const rows: string[][] = [];
  const add = (label: string, i: RebootInfo | null) => {
    if (!i) {
      rows.push([label, out.style.dim('not reachable'), '-']);
      return;
    }
    const reasons = i.reboot_required_reasons;
    rows.push([label, i.boot_id, reasons.length ? out.style.yellow(reasons.map((r) => `${r.code}: ${r.reason}`).join('; ')) : 'no']);
  };
  add(`this controller (node ${node})`, info.this_node);
  add(`other controller (node ${other})`, info.other_node);
  out.table(['controller', 'boot id', 'reboot needed'], rows);
}

export const rebootInfoCommand: CommandSpec = {
  name: 'reboot info',
  summary: 'boot ids of both controllers and why they need a reboot, if they do',
  usage: ['reboot info [--json]'],
  options: [JSON_OPTION],
  connects: true,
  examples: ['truenas-failover reboot info', 'truenas-failover reboot info --json | jq .other_node'],
  async run(ctx) {
    const client = await ctx.client();
    const [info, node] = await Promise.all([
      client.failover.reboot.info({ signal: ctx.signal }),
      client.failover.node({ signal: ctx.signal }),
    ]);
    if (ctx.args.values.json) ctx.out.json(info);
    else printInfo(ctx, info as FailoverRebootInfo, String(node));
    return EXIT.OK;
  },
};

export const rebootOtherNodeCommand: CommandSpec = {
  name: 'reboot other-node',
  summary: 'reboot the other controller and wait until it is back (a job with progress)',
  usage: ['reboot other-node [--reason TEXT] [--graceful] [--yes] [--abort-on-interrupt] [--json]'],
  description: [
    'Runs the failover.reboot.other_node job on the controller reached: it aligns the boot environment, reboots',
    'the other controller and waits (up to 20 minutes) until it is back as the standby with a new boot id. Reached',
    'through the VIP, the other controller is the standby: the VIP does not move, but there is no failover',
    'protection until it is back. Unless --graceful, the reboot is immediate (like become_passive).',
    'Ctrl-C stops waiting; the job keeps running on the server unless --abort-on-interrupt.',
  ],
  options: [
    {
      name: 'reason',
      type: 'string',
      valueName: 'TEXT',
      description: 'reboot reason recorded by TrueNAS (25.10+; default "System upgrade")',
    },
    { name: 'graceful', type: 'boolean', description: 'graceful reboot (services stop first; 25.10+)' },
    YES_OPTION,
    ABORT_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [[EXIT.INTERRUPTED, 'stopped waiting; the job keeps running unless --abort-on-interrupt']],
  examples: ['truenas-failover reboot other-node', 'truenas-failover reboot other-node --graceful --reason "Replace DIMM" --yes'],
  async run(ctx) {
    const reason = stringOption(ctx.args, 'reason');
    const graceful = ctx.args.values.graceful === true;
    const client = await ctx.client();
    const [node, status, before] = await Promise.all([client.failover.node(), client.failover.status(), client.failover.reboot.info()]);
    const other = node === 'A' ? 'B' : 'A';
    const legacy = (client.apiVersion ?? '').startsWith('v25.04');
    if (legacy && (reason !== undefined || graceful))
      ctx.out.warn('TrueNAS 25.04 takes no reboot options: --reason and --graceful are ignored.');
    const lines =
      status === 'MASTER'
        ? [`Node ${other} (the standby) reboots; node ${node} stays active. Until node ${other} is back there is no failover protection.`]
        : [
            `Node ${other} is the ACTIVE controller: ${graceful ? 'after it shuts down' : 'as it reboots'} node ${node} takes over and the VIP moves.`,
          ];
    await ctx.confirmer.confirm(`Reboot node ${other}?`, lines);
    const params = legacy ? [] : [{ reason: reason ?? 'System upgrade', graceful }];
    const job = client.call('failover.reboot.other_node' as never, params as never) as unknown as import('../../types/job.js').Job<null>;
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    progress.phase(1, 1, `Reboot node ${other}`);
    const off = job.on('progress', (p) => progress.update(p.percent, p.description));
    try {
      await untilAborted(job, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) {
        if (ctx.abortOnInterrupt) {
          await job.abort().catch(() => {});
          throw new InterruptedError(
            `Interrupted; asked the server to abort job ${job.id ?? '?'} (reboot jobs may not stop once started).`,
          );
        }
        const id = job.id;
        throw new InterruptedError(
          `Stopped waiting; job ${id ?? '?'} keeps rebooting node ${other} on the server.`,
          'Follow it with `truenas-failover watch` or `truenas-failover reboot info`.',
        );
      }
      if (error instanceof JobFailedError) progress.done();
      throw error;
    } finally {
      off();
      progress.done();
    }
    const after = (await client.failover.reboot.info()) as FailoverRebootInfo;
    const oldBoot = (before as FailoverRebootInfo).other_node?.boot_id ?? null;
    const newBoot = after.other_node?.boot_id ?? null;
    if (ctx.args.values.json) ctx.out.json({ ok: true, node: other, jobId: job.id ?? null, bootIdBefore: oldBoot, bootIdAfter: newBoot });
    else
      ctx.out.line(
        ctx.out.style.green(
          `Node ${other} rebooted and is back (boot id ${oldBoot?.slice(0, 8) ?? '?'} → ${newBoot?.slice(0, 8) ?? '?'}).`,
        ),
      );
    return EXIT.OK;
  },
};
