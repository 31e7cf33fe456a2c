/**
 * `client.ha.snapshot()`: the six reads an operator makes before touching a pair, in parallel, as
 * one typed object. A read the transport cannot carry (REST on 25.10 has neither `failover.status`
 * nor `failover.disabled.reasons`) is reported as unavailable instead of failing the snapshot.
 */
import { NotAvailableOverRestError } from '../errors/not-available-over-rest-error.js';
import type { CallOptions } from '../types/call-options.js';
import { checkSignal } from '../util/signal.js';
import { callMethod, type HaHost } from './host.js';
import type { FailoverConfig, HaSnapshot, RebootInfo, SnapshotField, SnapshotOptions } from './types.js';

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

async function optional<T>(read: Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (error instanceof NotAvailableOverRestError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The other slot of an HA pair. */
export function otherNodeOf(node: string | undefined): 'A' | 'B' | undefined {
  return node === 'A' ? 'B' : node === 'B' ? 'A' : undefined;
}

export async function readSnapshot(host: HaHost, options: SnapshotOptions = {}): Promise<HaSnapshot> {
  if (options === null || typeof options !== 'object') throw new TypeError('snapshot: options must be an object like { timeout, signal }');
  checkSignal('snapshot', options.signal);
  const callOptions: CallOptions = { timeout: options.timeout, signal: options.signal };
  const read = <T>(method: string) => callMethod<T>(host, method, [], callOptions);
  const [licensed, status, node, config, reasons, rebootInfo] = await Promise.all([
    read<boolean>('failover.licensed'),
    optional(read<string>('failover.status')),
    read<string>('failover.node'),
    read<FailoverConfig>('failover.config'),
    optional(read<string[]>('failover.disabled.reasons')),
    read<RebootInfo>('failover.reboot.info'),
  ]);
  const unavailable: Partial<Record<SnapshotField, string>> = {};
  if (!status.ok) unavailable.status = status.reason;
  if (!reasons.ok) unavailable.disabledReasons = reasons.reason;
  const nodeName = String(node);
  const otherNode = otherNodeOf(nodeName);
  const disabledReasons = reasons.ok ? reasons.value.map(String) : undefined;
  const statusValue = status.ok ? String(status.value) : undefined;
  return {
    readAt: Date.now(),
    controller: host.controller,
    licensed: licensed === true,
    status: statusValue,
    node: nodeName,
    otherNode,
    config,
    disabledReasons,
    rebootInfo,
    designatedMaster: otherNode ? (config.master ? (nodeName as 'A' | 'B') : otherNode) : undefined,
    unavailable,
    healthy: judgeHealth(licensed === true, statusValue, config, disabledReasons),
  };
}

function judgeHealth(
  licensed: boolean,
  status: string | undefined,
  config: FailoverConfig,
  reasons: string[] | undefined,
): boolean | undefined {
  if (!licensed || config.disabled) return false;
  if ((status !== undefined && status !== 'MASTER') || (reasons !== undefined && reasons.length > 0)) return false;
  if (status === undefined || reasons === undefined) return undefined;
  return true;
}

/** One line describing a snapshot, for progress and timeout messages. */
export function describeSnapshot(s: HaSnapshot): string {
  const reasons = s.disabledReasons === undefined ? 'unknown' : s.disabledReasons.length ? s.disabledReasons.join(', ') : 'none';
  return `node ${s.node} is ${s.status ?? 'of unknown status'}, failover ${s.config.disabled ? 'disabled' : 'enabled'}, disabled reasons: ${reasons}`;
}
