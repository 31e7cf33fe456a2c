/** `sync --to-peer | --from-peer`: copy the configuration between the controllers, then check. */
import type { Client } from '../../client/types.js';
import { HaRedirectError } from '../../errors/index.js';
import type { CommandContext, CommandSpec } from '../context.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { JSON_OPTION, YES_OPTION } from '../options.js';

/** The other controller's failover config, asked directly when its address is known. */
async function peerConfig(ctx: CommandContext, peerNode: string): Promise<unknown | undefined> {
  const c = await ctx.connection();
  const url = peerNode === 'A' ? c.addresses.controllers?.a : peerNode === 'B' ? c.addresses.controllers?.b : undefined;
  if (!url) return undefined;
  let peer: Client | undefined;
  try {
    peer = await ctx.extraClient({ url, urls: undefined, reconnect: false, keepAlive: false, timeout: 5000 });
    return await peer.failover.config({ timeout: 5000 });
  } catch (error) {
    if (!(error instanceof HaRedirectError)) ctx.out.debug(`cannot read node ${peerNode}'s configuration: ${(error as Error).message}`);
    return undefined;
  } finally {
    await peer?.close();
  }
}

export const syncCommand: CommandSpec = {
  name: 'sync',
  summary: 'copy the configuration to the other controller (--to-peer) or from it (--from-peer)',
  usage: ['sync --to-peer [--reboot-peer] [--yes]', 'sync --from-peer'],
  description: [
    'failover.sync_to_peer pushes the database, encryption keys, license and SSH keys of this controller to the',
    'other one, which reloads them; failover.sync_from_peer asks the other controller to push its own. Run it on',
    'the active controller after configuration changes. --reboot-peer also reboots the other controller (asks).',
    'Afterwards the CLI checks that the other controller still answers (and, with --a/--b, compares the configs).',
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
    const [reasons, mine, theirs] = await Promise.all([
      client.failover.disabled.reasons({ timeout: 30_000 }),
      client.failover.config({ timeout: 10_000 }),
      peerConfig(ctx, String(node)),
    ]);
    const match =
      theirs === undefined ? null : JSON.stringify({ ...(theirs as object), master: null }) === JSON.stringify({ ...mine, master: null });
    const source = to ? `node ${node}` : `node ${other}`;
    const target = to ? `node ${other}` : `node ${node}`;
    if (ctx.args.values.json) {
      ctx.out.json({
        ok: true,
        direction: to ? 'to-peer' : 'from-peer',
        from: source,
        to: target,
        ms: took,
        configsMatch: match,
        disabledReasons: reasons,
      });
    } else {
      ctx.out.line(ctx.out.style.green(`Configuration copied from ${source} to ${target} in ${(took / 1000).toFixed(1)} s.`));
      if (match !== null)
        ctx.out.line(`  failover configuration on both controllers: ${match ? 'identical' : ctx.out.style.red('DIFFERENT')}`);
      if (reasons.length) ctx.out.line(`  disabled reasons now: ${reasons.join(', ')}`);
    }
    return match === false ? EXIT.FAILED : EXIT.OK;
  },
};
