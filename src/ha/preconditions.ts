/**
 * The checks a workflow makes before changing anything, in a fixed order so that the error names
 * the most fundamental problem first: licensed → active controller → failover enabled → peer
 * healthy → no disabled reasons.
 */
import type { CallOptions } from '../types/call-options.js';
import { FailoverPreconditionError } from './errors/failover-precondition-error.js';
import { callMethod, type HaHost } from './host.js';
import { isPeerReason, reasonMeaning } from './reasons.js';
import type { HaSnapshot } from './types.js';
import type { WorkflowContext } from './workflow.js';

export interface PreconditionChecks {
  /** The client must reach the active controller (default true). */
  active?: boolean;
  /** Failover must be enabled (default true). */
  enabled?: boolean;
  /** The peer must be reachable and healthy (default true). */
  peer?: boolean;
  /** Disabled reasons that do not block (default none). */
  allowReasons?: readonly string[];
}

const list = (codes: readonly string[]) => codes.map((c) => `${c} (${reasonMeaning(c)})`).join('; ');

/**
 * Whether the answering controller is the active one. Over REST on 25.10 `failover.status` cannot
 * be read; the active controller is then recognised by holding the VIPs (`failover.get_ips`).
 */
export async function isActive(host: HaHost, s: HaSnapshot, options: CallOptions): Promise<boolean> {
  if (s.status !== undefined) return s.status === 'MASTER' || s.status === 'SINGLE';
  const ips = await callMethod<unknown[]>(host, 'failover.get_ips', [], options);
  return Array.isArray(ips) && ips.length > 0;
}

export async function checkPreconditions(
  workflow: string,
  host: HaHost,
  s: HaSnapshot,
  checks: PreconditionChecks,
  ctx: WorkflowContext,
): Promise<void> {
  const fail = (precondition: ConstructorParameters<typeof FailoverPreconditionError>[1], message: string, hint?: string) => {
    throw new FailoverPreconditionError(workflow, precondition, message, s, hint);
  };
  if (!s.licensed || s.otherNode === undefined) {
    fail('licensed', `node ${s.node} is not an HA pair (no failover license), so there is no other controller.`);
  }
  if (checks.active !== false && !(await isActive(host, s, { signal: ctx.signal, timeout: 30_000 }))) {
    fail(
      'active-controller',
      `the client reaches node ${s.node}, which is ${s.status ?? 'not holding the VIPs'}, not the active controller.`,
      'Connect through the VIP, or give the client both controllers’ addresses (urls: { vip, a, b }).',
    );
  }
  if (checks.enabled !== false && s.config.disabled) {
    fail(
      'failover-enabled',
      'failover is administratively disabled: the standby would not take over.',
      'Re-enable it first (client.ha.reenable()).',
    );
  }
  const allowed = new Set(checks.allowReasons ?? []);
  if (s.disabledReasons === undefined) {
    // REST on 25.10 cannot read the reasons; the peer's reboot info at least says it answers.
    if (checks.peer !== false && s.rebootInfo.other_node === null) {
      fail('peer-healthy', `node ${s.otherNode} does not answer (failover.reboot.info has no other_node).`);
    }
    ctx.warn(
      'reasons-unavailable',
      `failover.disabled.reasons cannot be read by this client (${s.unavailable.disabledReasons}); it was not checked.`,
    );
    return;
  }
  const blocking = s.disabledReasons.filter((r) => !allowed.has(r) && r !== 'NO_FAILOVER');
  const peer = blocking.filter(isPeerReason);
  if (checks.peer !== false && (peer.length > 0 || s.rebootInfo.other_node === null)) {
    fail(
      'peer-healthy',
      peer.length > 0
        ? `node ${s.otherNode} cannot take over: ${list(peer)}.`
        : `node ${s.otherNode} does not answer (failover.reboot.info has no other_node).`,
      'Wait until the other controller is up and ready (client.ha.waitFor(s => s.healthy === true)).',
    );
  }
  const other = blocking.filter((r) => checks.peer === false || !isPeerReason(r));
  if (other.length > 0) fail('no-disabled-reasons', `TrueNAS reports that automatic failover is not possible now: ${list(other)}.`);
}
