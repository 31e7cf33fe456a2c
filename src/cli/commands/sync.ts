/** `sync --to-peer | --from-peer`: copy the configuration between the controllers, then check. */
import type { CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';

export const syncCommand: CommandSpec = {
  name: 'sync',
  summary: 'copy the configuration to the other controller (--to-peer) or from it (--from-peer)',
  usage: ['sync --to-peer [--reboot-peer] [--yes]', 'sync --from-peer'],
  description: [
    'failover.sync_to_peer pushes the database, encryption keys, license and SSH keys of this controller to the',
    'other one, which reloads them; failover.sync_from_peer asks the other controller to push its own. Run it on',
    'the active controller after configuration changes. --reboot-peer also reboots the other controller (asks).',
    'Afterwards the CLI reads the disabled reasons: the other controller must still answer (no NO_PONG).',
  ],
  options: [
    { name: 'to-peer', type: 'boolean', description: 'push this controller’s configuration to the other one' },
    { name: 'from-peer', type: 'boolean', description: 'pull the other controller’s configuration' },
    { name: 'reboot-peer', type: 'boolean', description: 'with --to-peer: also reboot the other controller' },
    YES_OPTION,
    JSON_OPTION,
  ],
  connects: true,
  examples: ['truenas-failover sync --to-peer', 'truenas-failover sync --from-peer --json'],
  async run(ctx) {
    const to = ctx.args.values['to-peer'] === true;
    const from = ctx.args.values['from-peer'] === true;
    if (to === from) throw new UsageError('give exactly one of --to-peer and --from-peer');
    const rebootPeer = ctx.args.values['reboot-peer'] === true;
    if (rebootPeer && !to) throw new UsageError('--reboot-peer only goes with --to-peer');
    const client = await ctx.client();
    const [node, status] = await Promise.all([client.failover.node(), client.failover.status()]);
    const other = node === 'A' ? 'B' : node === 'B' ? 'A' : 'the other controller';
    if (status !== 'MASTER')
      ctx.out.warn(`node ${node} is ${status}, not the active controller: syncing from a standby copies its older configuration.`);
    if (rebootPeer) {
      await ctx.confirmer.confirm(`Copy the configuration to node ${other} and reboot node ${other}?`, [
        `Node ${other} reboots after the copy: until it is back there is no failover protection.`,
      ]);
    }
    const started = Date.now();
    if (to) await client.failover.sync_to_peer({ reboot: rebootPeer }, { signal: ctx.signal, timeout: 120_000 });
    else await client.failover.sync_from_peer({ signal: ctx.signal, timeout: 120_000 });
    const took = Date.now() - started;
    // The standby cannot be asked directly (its logins are redirected to the active controller): what
    // can be checked is that TrueNAS still reaches it after reloading the configuration.
    const reasons = (await client.failover.disabled.reasons({ timeout: 30_000 })).map(String);
    const lost = reasons.includes('NO_PONG');
    const source = to ? `node ${node}` : `node ${other}`;
    const target = to ? `node ${other}` : `node ${node}`;
    if (ctx.args.values.json) {
      ctx.out.json({ ok: !lost, direction: to ? 'to-peer' : 'from-peer', from: source, to: target, ms: took, disabledReasons: reasons });
    } else {
      ctx.out.line(ctx.out.style.green(`Configuration copied from ${source} to ${target} in ${(took / 1000).toFixed(1)} s.`));
      if (reasons.length) ctx.out.line(`  disabled reasons now: ${reasons.join(', ')}`);
      if (lost)
        ctx.out.line(
          ctx.out.style.red(`  node ${other} does not answer since the sync (NO_PONG): check it with \`truenas-failover status\`.`),
        );
    }
    return lost ? EXIT.FAILED : EXIT.OK;
  },
};
