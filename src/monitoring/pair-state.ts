/**
 * From `client.ha.snapshot()` to a pair's state with both controllers, and what changed between two
 * states. Pure functions: `watchPair` feeds them reads, tests and the CLI feed them snapshots.
 */
import type { HaSnapshot } from '../ha/types.js';
import type { ControllerState, PairChange, PairHaState, PairState } from './types.js';

// When the reached controller is MASTER and none of these is reported, TrueNAS has itself checked
// that the peer answers, has booted and holds no VIP: the peer is the standby (spec §6).
const PEER_DOUBT: ReadonlySet<string> = new Set([
  'NO_PONG',
  'NO_SYSTEM_READY',
  'DISAGREE_VIP',
  'REM_FAILOVER_ONGOING',
  'NO_LICENSE',
  'NO_HEARTBEAT_IFACE',
  'NO_CARRIER_ON_HEARTBEAT',
]);

/**
 * The status of the controller the snapshot did not reach: `BACKUP` when TrueNAS's own checks
 * prove it (the reached one is MASTER, the peer answers reboot.info, no reason doubts it), else
 * undefined. Over REST on 25.10 the reasons are unreadable, so nothing is inferred.
 */
export function inferPeerStatus(snapshot: Pick<HaSnapshot, 'status' | 'disabledReasons' | 'rebootInfo'>): 'BACKUP' | undefined {
  if (snapshot.status !== 'MASTER' || !snapshot.rebootInfo.other_node || snapshot.disabledReasons === undefined) return undefined;
  return snapshot.disabledReasons.some((code) => PEER_DOUBT.has(code)) ? undefined : 'BACKUP';
}

const codes = (reasons: { code: string }[] | undefined) => reasons?.map((r) => String(r.code));

/** Both controllers and the pair's verdict, from one snapshot. */
export function haStateOf(snapshot: HaSnapshot, apiVersion: string | undefined): PairHaState {
  const info = snapshot.rebootInfo;
  const reached: ControllerState = {
    node: String(snapshot.node),
    status: snapshot.status,
    statusSource: snapshot.status === undefined ? undefined : 'direct',
    bootId: info.this_node?.boot_id ?? snapshot.controller?.bootId,
    rebootRequired: codes(info.this_node?.reboot_required_reasons) ?? [],
  };
  const controllers = [reached];
  if (snapshot.licensed && snapshot.otherNode) {
    const peerStatus = inferPeerStatus(snapshot);
    controllers.push({
      node: snapshot.otherNode,
      status: peerStatus,
      statusSource: peerStatus ? 'inferred' : undefined,
      bootId: info.other_node?.boot_id,
      rebootRequired: info.other_node ? (codes(info.other_node.reboot_required_reasons) ?? []) : undefined,
    });
  }
  const master = controllers.find((c) => c.status === 'MASTER')?.node;
  const reasons = snapshot.disabledReasons;
  return {
    readAt: snapshot.readAt,
    address: snapshot.controller?.url,
    apiVersion,
    licensed: snapshot.licensed,
    master,
    controllers,
    failoverDisabled: snapshot.config.disabled === true,
    disabledReasons: reasons,
    timeout: Number(snapshot.config.timeout) || 0,
    healthy: snapshot.licensed && master !== undefined && !snapshot.config.disabled && reasons !== undefined && reasons.length === 0,
  };
}

/** A state before the first read. */
export function initialState(name: string): PairState {
  return {
    name,
    up: false,
    error: undefined,
    errorKind: undefined,
    checkedAt: undefined,
    ha: undefined,
    lastMaster: undefined,
    masterChanges: 0,
    masterSince: undefined,
    reads: { ok: 0, failed: 0, lastDurationMs: undefined, connectionLosses: 0 },
  };
}

/**
 * The state after a successful read: the master counter moves when the MASTER is now the other
 * controller than the last one seen (reads without a MASTER in between, during a failover, do not
 * reset what was last seen).
 */
export function afterRead(previous: PairState, ha: PairHaState, durationMs: number): PairState {
  const moved = ha.master !== undefined && previous.lastMaster !== undefined && ha.master !== previous.lastMaster;
  const masterSince = ha.master === undefined ? previous.masterSince : moved ? ha.readAt : (previous.masterSince ?? ha.readAt);
  return {
    ...previous,
    up: true,
    error: undefined,
    errorKind: undefined,
    checkedAt: ha.readAt,
    ha,
    lastMaster: ha.master ?? previous.lastMaster,
    masterChanges: previous.masterChanges + (moved ? 1 : 0),
    masterSince,
    reads: { ...previous.reads, ok: previous.reads.ok + 1, lastDurationMs: durationMs },
  };
}

/** The state after a failed read or a lost connection: the last HA state stays, marked as not current. */
export function afterFailure(
  previous: PairState,
  error: string,
  errorKind: PairState['errorKind'],
  at: number,
  counts: { failedRead?: boolean; connectionLost?: boolean; durationMs?: number } = {},
): PairState {
  return {
    ...previous,
    up: false,
    error,
    errorKind,
    checkedAt: at,
    reads: {
      ...previous.reads,
      failed: previous.reads.failed + (counts.failedRead ? 1 : 0),
      connectionLosses: previous.reads.connectionLosses + (counts.connectionLost ? 1 : 0),
      lastDurationMs: counts.durationMs ?? previous.reads.lastDurationMs,
    },
  };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/** What changed from `before` to `after` (empty when nothing did, and on the first read). */
export function diffStates(before: PairState, after: PairState, at: number): PairChange[] {
  const pair = after.name;
  const changes: PairChange[] = [];
  // The first read says nothing changed, unless it failed: that is worth a line.
  const first = before.checkedAt === undefined;
  if (first ? !after.up : before.up !== after.up) {
    changes.push(after.up ? { pair, at, kind: 'reachable' } : { pair, at, kind: 'unreachable', error: after.error ?? 'unknown error' });
  }
  const a = before.ha;
  const b = after.ha;
  if (!a || !b || a === b) return changes;
  if (b.master !== undefined && after.masterChanges > before.masterChanges) {
    changes.push({ pair, at, kind: 'master', from: before.lastMaster, to: b.master });
  }
  for (const node of new Set([...a.controllers, ...b.controllers].map((c) => c.node))) {
    const was = a.controllers.find((c) => c.node === node);
    const now = b.controllers.find((c) => c.node === node);
    if (was?.status !== now?.status) changes.push({ pair, at, kind: 'status', node, from: was?.status, to: now?.status });
    if (now?.rebootRequired !== undefined && !sameList(was?.rebootRequired ?? [], now.rebootRequired)) {
      changes.push({ pair, at, kind: 'reboot-required', node, reasons: now.rebootRequired });
    }
  }
  if (a.failoverDisabled !== b.failoverDisabled) changes.push({ pair, at, kind: 'failover', disabled: b.failoverDisabled });
  if (b.disabledReasons !== undefined && !sameList(a.disabledReasons ?? [], b.disabledReasons)) {
    const old = new Set(a.disabledReasons ?? []);
    const now = new Set(b.disabledReasons);
    changes.push({
      pair,
      at,
      kind: 'reasons',
      added: b.disabledReasons.filter((r) => !old.has(r)),
      removed: [...old].filter((r) => !now.has(r)),
    });
  }
  return changes;
}
