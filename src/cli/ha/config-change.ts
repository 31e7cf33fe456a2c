/**
 * `failover.update` as an operator sees it: what changes, what TrueNAS will do as a consequence
 * (a designated master that is not the active controller takes over when failover is disabled:
 * the VIP moves), a confirmation when the change can move the VIP or turns failover off, then the
 * call and the configuration it produced.
 */
import type { Client } from '../../entry/types.js';
import type { CommandContext } from '../context.js';

export interface FailoverEntry {
  id: number;
  disabled: boolean;
  master: boolean;
  timeout: number;
}

export interface FailoverChange {
  disabled?: boolean;
  master?: boolean;
  timeout?: number;
}

export interface ChangePlan {
  before: FailoverEntry;
  after: { disabled: boolean; masterIsThis: boolean; timeout: number };
  node: string;
  otherNode: string;
  status: string;
  /** The change makes the other controller take over (the VIP moves). */
  movesVip: boolean;
  /** The change turns automatic failover off. */
  disables: boolean;
  /** Notes about version-specific behaviour. */
  notes: string[];
  /** TrueNAS 25.04: the answering controller always becomes the designated master. */
  legacy: boolean;
}

/** What `data` will do on this pair, from its current configuration and the server's API version. */
export async function planChange(client: Client, data: FailoverChange): Promise<ChangePlan> {
  const [config, node, status] = await Promise.all([client.failover.config(), client.failover.node(), client.failover.status()]);
  const before = config as FailoverEntry;
  const legacy = (client.apiVersion ?? '').startsWith('v25.04');
  const notes: string[] = [];
  let masterIsThis: boolean;
  if (legacy) {
    // 25.04 makes the answering controller the designated master whatever `master` says.
    masterIsThis = true;
    if (data.master === false) notes.push('TrueNAS 25.04 ignores master=false: the controller answering stays the designated master.');
  } else masterIsThis = data.master !== false;
  const after = { disabled: data.disabled ?? before.disabled, masterIsThis, timeout: data.timeout ?? before.timeout };
  const otherNode = node === 'A' ? 'B' : node === 'B' ? 'A' : 'the other controller';
  const movesVip = after.disabled && !masterIsThis && status === 'MASTER';
  return {
    before,
    after,
    node: String(node),
    otherNode,
    status: String(status),
    movesVip,
    disables: after.disabled && !before.disabled,
    notes,
    legacy,
  };
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Prints the change as a small table (field, now, after). */
export function printPlan(ctx: CommandContext, plan: ChangePlan): void {
  const { out } = ctx;
  const s = out.styleErr;
  const masterName = (isThis: boolean) => (isThis ? `node ${plan.node} (this controller)` : `node ${plan.otherNode}`);
  const rows: [string, string, string][] = [
    ['disabled', yesNo(plan.before.disabled), yesNo(plan.after.disabled)],
    ['designated master', masterName(plan.before.master), masterName(plan.after.masterIsThis)],
    ['timeout (s)', String(plan.before.timeout), String(plan.after.timeout)],
  ];
  out.info(s.bold(`Failover configuration of the pair (node ${plan.node} is ${plan.status}):`));
  const w = Math.max(...rows.map((r) => r[0].length));
  const w2 = Math.max(...rows.map((r) => r[1].length));
  for (const [k, a, b] of rows) {
    const changed = a !== b;
    out.info(`  ${k.padEnd(w)}  ${a.padEnd(w2)}  ${changed ? s.bold(`→ ${b}`) : s.dim('(unchanged)')}`);
  }
  for (const n of plan.notes) out.info(`  ${s.yellow('note:')} ${n}`);
  if (plan.movesVip) {
    out.info(
      `  ${s.red('The VIP will move:')} node ${plan.otherNode} is forced to take over (failover disabled, designated master there). ` +
        'Clients of the VIP lose their connections for a few seconds; the CLI follows the VIP.',
    );
  } else if (plan.disables) {
    out.info(
      `  ${s.yellow('Automatic failover stops:')} if node ${plan.node} fails, node ${plan.otherNode} will NOT take over until failover is enabled again.`,
    );
  }
}

/** Asks (unless --yes) when the change can move the VIP or turns failover off; then applies it. */
export async function applyChange(ctx: CommandContext, client: Client, data: FailoverChange, plan: ChangePlan): Promise<FailoverEntry> {
  if (plan.movesVip || plan.disables) {
    await ctx.confirmer.confirm(plan.movesVip ? `Move the VIP to node ${plan.otherNode}?` : 'Disable automatic failover?');
  }
  return (await client.failover.update(data as never, { signal: ctx.signal })) as FailoverEntry;
}
