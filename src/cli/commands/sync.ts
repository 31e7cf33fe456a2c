/** `sync --to-peer | --from-peer`: copy the configuration between the controllers (`client.ha.syncToPeer` / `syncFromPeer`). */

import { AbortedError } from '../../errors/index.js';
import type { SyncReport } from '../../ha/sync.js';
import type { CommandSpec } from '../context.js';
import { InterruptedError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { showWorkflow } from '../ha/workflow-progress.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';
import { Progress } from '../progress.js';

export const syncCommand: CommandSpec = {
  name: 'sync',
  summary: 'copy the configuration to the other controller (--to-peer) or from it (--from-peer)',
  usage: ['sync --to-peer [--reboot-peer] [--yes]', 'sync --from-peer'],
  description: [
    'failover.sync_to_peer pushes the database, encryption keys, license and SSH keys of this controller to the',
    'other one, which reloads them; failover.sync_from_peer asks the other controller to push its own. Run it on',
    'the active controller after configuration changes. --reboot-peer also reboots the other controller (asks).',
    'Afterwards the other controller must still answer; with --a/--b the failover configuration of both is',
    'compared where TrueNAS lets the standby be read (REST on 25.x).',
  ],
  options: [
    { name: 'to-peer', type: 'boolean', description: 'push this controller’s configuration to the other one' },
    { name: 'from-peer', type: 'boolean', description: 'pull the other controller’s configuration' },
    { name: 'reboot-peer', type: 'boolean', description: 'with --to-peer: also reboot the other controller' },
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  exitCodes: [
    [EXIT.DISABLED_REASONS, 'the other controller cannot be reached (nothing was copied)'],
    [EXIT.FAILED, 'the copy failed, or the configurations differ afterwards'],
  ],
  examples: [
    'truenas-failover sync --to-peer',
    'truenas-failover sync --from-peer --json',
    'truenas-failover sync --to-peer --vip wss://nas --a wss://nas-a --b wss://nas-b',
  ],
  async run(ctx) {
    const to = ctx.args.values['to-peer'] === true;
    const from = ctx.args.values['from-peer'] === true;
    if (to === from) throw new UsageError('give exactly one of --to-peer and --from-peer');
    const rebootPeer = ctx.args.values['reboot-peer'] === true;
    if (rebootPeer && !to) throw new UsageError('--reboot-peer only goes with --to-peer');
    const client = await ctx.client();
    if (rebootPeer) {
      const node = String(await client.failover.node());
      const other = node === 'A' ? 'B' : 'A';
      await ctx.confirmer.confirm(`Copy the configuration to node ${other} and reboot node ${other}?`, [
        `Node ${other} reboots after the copy: until it is back there is no failover protection.`,
      ]);
    }
    const workflow = to ? client.ha.syncToPeer({ signal: ctx.signal, reboot: rebootPeer }) : client.ha.syncFromPeer({ signal: ctx.signal });
    const progress = new Progress(ctx.out, { tty: ctx.out.errIsTTY });
    const stop = showWorkflow(workflow, progress, ctx.out, { quiet: ['check', 'sync', 'verify'] });
    let r: SyncReport;
    try {
      r = await workflow;
    } catch (error) {
      if (error instanceof AbortedError && ctx.signal.aborted) {
        throw new InterruptedError(
          'Stopped waiting; the copy, once started, completes on the pair.',
          'Check it with `truenas-failover status`.',
        );
      }
      throw error;
    } finally {
      stop();
      progress.done();
    }
    if (ctx.args.values.json) ctx.out.json({ ok: true, ...r });
    else {
      ctx.out.line(
        ctx.out.style.green(`Configuration copied from node ${r.source} to node ${r.target} in ${(r.syncMs / 1000).toFixed(1)} s.`),
      );
      ctx.out.line(
        r.verification.status === 'matched'
          ? `  failover configuration read on both controllers (over ${r.verification.via}): identical`
          : ctx.out.style.dim(`  not compared: ${r.verification.why}`),
      );
      if (r.disabledReasons?.length) ctx.out.line(`  disabled reasons now: ${r.disabledReasons.join(', ')}`);
    }
    return EXIT.OK;
  },
};
