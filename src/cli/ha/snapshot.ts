/**
 * `status`: everything an operator checks before touching a pair, read in parallel, and one verdict
 * with a distinct exit code per condition. The shape of `StatusReport` is published as
 * docs/status-output.schema.json: change both together, and bump `schemaVersion` on a breaking change.
 */
import type { Client } from '../../entry/types.js';
import { HaRedirectError } from '../../errors/index.js';
import { describeReasons } from '../../ha/reasons.js';
import { inferPeerStatus } from '../../monitoring/pair-state.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

export type Condition = 'healthy' | 'unlicensed' | 'not-master' | 'failover-disabled' | 'disabled-reasons' | 'reboot-required';

export interface RebootReason {
  code: string;
  reason: string;
}

export interface ControllerReport {
  /** `A`, `B` or `MANUAL`; null when unknown. */
  node: string | null;
  /** `failover.status` of that controller; null when unknown. */
  status: string | null;
  /** How `status` is known: asked directly, from a login REDIRECT, inferred from the disabled reasons, or unknown. */
  statusSource: 'direct' | 'redirect' | 'inferred' | null;
  bootId: string | null;
  /** Reboot-required reasons; null when the controller could not be asked. */
  rebootRequired: RebootReason[] | null;
}

export interface StatusReport {
  schemaVersion: 1;
  checkedAt: string;
  /** Endpoint the CLI reached (the VIP or a controller). */
  address: string | null;
  apiVersion: string | null;
  healthy: boolean;
  condition: Condition;
  exitCode: number;
  summary: string;
  licensed: boolean;
  node: string | null;
  status: string;
  config: { id: number; disabled: boolean; master: boolean; timeout: number } | null;
  disabledReasons: { code: string; meaning: string }[];
  controllers: { this: ControllerReport; peer: ControllerReport | null };
}

const otherLetter = (node: string | null) => (node === 'A' ? 'B' : node === 'B' ? 'A' : null);

/** The verdict: first matching condition wins, in the documented order. */
export function evaluate(r: Pick<StatusReport, 'licensed' | 'status' | 'config' | 'disabledReasons' | 'controllers' | 'node'>): {
  condition: Condition;
  exitCode: number;
  summary: string;
} {
  const node = r.node ? `node ${r.node}` : 'the controller';
  const codes = r.disabledReasons.map((d) => d.code);
  if (!r.licensed || r.status === 'SINGLE') {
    return {
      condition: 'unlicensed',
      exitCode: EXIT.UNLICENSED,
      summary: `${node} is not an HA pair (not licensed for failover; status ${r.status})`,
    };
  }
  if (r.status !== 'MASTER') {
    return {
      condition: 'not-master',
      exitCode: EXIT.NOT_MASTER,
      summary: `${node} is ${r.status}, not the active controller: use the VIP to reach the MASTER`,
    };
  }
  if (r.config?.disabled || codes.includes('NO_FAILOVER')) {
    return {
      condition: 'failover-disabled',
      exitCode: EXIT.FAILOVER_DISABLED,
      summary: `failover is DISABLED: ${node} stays active, no automatic failover`,
    };
  }
  if (codes.length > 0) {
    return {
      condition: 'disabled-reasons',
      exitCode: EXIT.DISABLED_REASONS,
      summary: `automatic failover is not possible now: ${codes.join(', ')}`,
    };
  }
  const reboot = [r.controllers.this, r.controllers.peer].filter((c) => c?.rebootRequired?.length);
  if (reboot.length > 0) {
    return {
      condition: 'reboot-required',
      exitCode: EXIT.REBOOT_REQUIRED,
      summary: `healthy, but ${reboot.map((c) => `node ${c?.node ?? '?'}`).join(' and ')} must reboot`,
    };
  }
  return { condition: 'healthy', exitCode: EXIT.OK, summary: `healthy: ${node} is MASTER, failover enabled, no disabled reasons` };
}

/** Asks the other controller directly, when its own address was given (--a/--b). */
async function probePeer(
  ctx: CommandContext,
  peerNode: string | null,
): Promise<Pick<ControllerReport, 'status' | 'statusSource'> | undefined> {
  const c = await ctx.connection();
  const controllers = c.addresses.controllers;
  const url = peerNode === 'A' ? controllers?.a : peerNode === 'B' ? controllers?.b : undefined;
  if (!url) return undefined;
  let peer: Client | undefined;
  try {
    peer = await ctx.extraClient({ url, urls: undefined, reconnect: false, keepAlive: false, timeout: 5000 });
    const status = await peer.failover.status({ timeout: 5000 });
    return { status: String(status), statusSource: 'direct' };
  } catch (error) {
    // A standby refuses logins with REDIRECT while its active peer answers: that is an answer too.
    if (error instanceof HaRedirectError) return { status: 'BACKUP', statusSource: 'redirect' };
    ctx.out.debug(`cannot ask node ${peerNode} directly at ${url}: ${(error as Error).message}`);
    return undefined;
  } finally {
    await peer?.close();
  }
}

/** Reads the pair through `client` (`client.ha.snapshot()`: the six reads in parallel) and builds the report. */
export async function readStatus(ctx: CommandContext, client: Client): Promise<StatusReport> {
  const snap = await client.ha.snapshot({ timeout: 30_000, signal: ctx.signal });
  const info = snap.rebootInfo;
  const status = snap.status ?? 'UNKNOWN';
  const thisNode = snap.node || null;
  const disabledReasons = describeReasons(snap.disabledReasons ?? []);
  const peerNode = snap.licensed ? otherLetter(thisNode) : null;
  const self: ControllerReport = {
    node: thisNode,
    status,
    statusSource: 'direct',
    bootId: info.this_node?.boot_id ?? client.controller?.bootId ?? null,
    rebootRequired: info.this_node?.reboot_required_reasons ?? [],
  };
  let peer: ControllerReport | null = null;
  if (snap.licensed) {
    peer = {
      node: peerNode,
      status: null,
      statusSource: null,
      bootId: info.other_node?.boot_id ?? null,
      rebootRequired: info.other_node ? (info.other_node.reboot_required_reasons ?? []) : null,
    };
    const direct = await probePeer(ctx, peerNode);
    if (direct) Object.assign(peer, direct);
    else if (inferPeerStatus(snap)) {
      peer.status = 'BACKUP';
      peer.statusSource = 'inferred';
    }
  }
  const base = { licensed: snap.licensed, status, node: thisNode, config: snap.config, disabledReasons, controllers: { this: self, peer } };
  const verdict = evaluate(base);
  return {
    schemaVersion: 1,
    checkedAt: new Date(snap.readAt).toISOString(),
    address: client.controller?.url ?? null,
    apiVersion: client.apiVersion ?? null,
    healthy: verdict.exitCode === EXIT.OK,
    ...verdict,
    ...base,
  };
}
