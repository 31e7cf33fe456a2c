/**
 * The failover operations that change the pair, with TrueNAS's validation and side effects:
 * `failover.update` (with each release's `master` semantics and the forced takeover that disabling
 * triggers), `become_passive`, `force_master`, `sync_to_peer` / `sync_from_peer`, and the
 * 25.04-only `control` and `unlock`.
 */
import { ERRNO } from '../../errors/errno.js';
import { SimCallError, SimValidationErrors } from '../errors.js';
import { promote, rebootController } from './lifecycle.js';
import { DURATIONS, type Pair } from './pair.js';
import { startSystemReboot } from './system-reboot.js';
import type { FailoverEntry, FailoverRow, NodeLetter } from './types.js';
import { otherNode } from './types.js';

export interface FailoverUpdateData {
  disabled?: boolean;
  /** Absent, or true/false (25.04 also null). */
  master?: boolean | null;
  timeout?: number;
}

/** TrueNAS's `_master_node`: the answering controller for true, its peer for false. */
function masterNodeFor(pair: Pair, node: NodeLetter, master: unknown): NodeLetter {
  if (!pair.licensed) throw new SimCallError('Unable to change node state in MANUAL mode');
  return master ? node : otherNode(node);
}

/** Writes a configuration row on a controller, replicated by the active one (journaled while the peer is away). */
function writeRow(pair: Pair, node: NodeLetter, row: FailoverRow): void {
  const c = pair.controller(node);
  c.db = { ...row };
  if (pair.licensed && c.role === 'MASTER') {
    const peer = pair.peer(node);
    if (pair.peerState(node) === 'ok' && peer.power === 'up') peer.db = { ...row };
    else c.journalPending = true;
  }
  pair.changed();
}

export async function updateFailover(pair: Pair, node: NodeLetter, data: FailoverUpdateData): Promise<FailoverEntry> {
  const c = pair.controller(node);
  const row: FailoverRow = { ...c.db };
  if (data.disabled !== undefined) row.disabled = data.disabled;
  if (data.timeout !== undefined) row.timeout = data.timeout;
  const hasMaster = Object.hasOwn(data, 'master');
  if (pair.release.updateMasterQuirk) {
    // 25.04: a given `master` is replaced by the answering node; an absent one goes through
    // `_master_node` with a truthy placeholder, which also picks the answering node.
    row.master_node = hasMaster ? pair.nodeName(node) : masterNodeFor(pair, node, true);
  } else if (!hasMaster || data.master === null) {
    row.master_node = pair.nodeName(node);
  } else {
    row.master_node = masterNodeFor(pair, node, data.master);
  }
  if (row.disabled === false && !pair.criticalInterfaces) {
    throw new SimValidationErrors([
      {
        attribute: 'failover_update.disabled',
        message: 'You need at least one critical interface to enable failover.',
        errno: ERRNO.EINVAL,
      },
    ]);
  }
  writeRow(pair, node, row);
  if (row.disabled) {
    if (row.master_node === pair.nodeName(node)) forceMaster(pair, node);
    else await pair.callPeer(node, (peer) => forceMaster(pair, peer.node));
  }
  return pair.config(node);
}

/** Makes this controller active if it is not already (a forced takeover). */
export function forceMaster(pair: Pair, node: NodeLetter): boolean {
  if (!pair.licensed) return false;
  const c = pair.controller(node);
  if (c.role === 'MASTER' || c.promoting) return false;
  if (!pair.criticalInterfaces) return false;
  promote(pair, node, 'forcetakeover');
  return true;
}

/** `failover.become_passive`: refused while disabled; otherwise the controller reboots at once. */
export function becomePassive(pair: Pair, node: NodeLetter): void {
  if (pair.controller(node).db.disabled) throw SimValidationErrors.one('failover.become_passive', 'Failover must be enabled.');
  rebootController(pair, node, { reason: 'failover.become_passive' });
}

/** `failover.sync_to_peer`: copies this controller's database and keys to the peer. */
export async function syncToPeer(pair: Pair, node: NodeLetter, options: { reboot: boolean }, signal?: AbortSignal): Promise<null> {
  const c = pair.controller(node);
  await pair.callPeer(node, async (peer) => {
    await pair.clock.sleep(DURATIONS.sync, signal ?? c.bootAbort.signal);
    if (!peer.responsive) throw new SimCallError('Remote connection closed.', ERRNO.ECONNRESET);
    peer.db = { ...c.db };
    peer.encryptionKeys = new Map(c.encryptionKeys);
    peer.licensed = c.licensed;
    c.journalPending = false;
    pair.changed();
  });
  if (options.reboot) {
    // failover.py `sync_to_peer`: call_remote('system.reboot', ['Failover sync to peer', {'delay': 2}]).
    await pair.callPeer(node, (peer) => startSystemReboot(pair, peer.node, 'Failover sync to peer', 2));
  }
  return null;
}

/** `failover.sync_from_peer`: asks the peer to run `sync_to_peer` towards this controller. */
export async function syncFromPeer(pair: Pair, node: NodeLetter): Promise<null> {
  await pair.callPeer(node, (peer) => syncToPeer(pair, peer.node, { reboot: false }));
  return null;
}

/** 25.04 `failover.control(action, options)`: sets `disabled` and the designated master, no takeover. */
export function control(pair: Pair, node: NodeLetter, action: 'ENABLE' | 'DISABLE', options: { active?: boolean }): false | null {
  const designated = Object.keys(options).length === 0 ? masterNodeFor(pair, node, true) : masterNodeFor(pair, node, options.active);
  const c = pair.controller(node);
  if (action === 'ENABLE' && c.db.disabled === false) return false;
  if (action === 'DISABLE' && c.db.disabled === true) return false;
  if (action === 'ENABLE' && !pair.criticalInterfaces) {
    throw new SimValidationErrors([
      {
        attribute: 'failover_update.disabled',
        message: 'You need at least one critical interface to enable failover.',
        errno: ERRNO.EINVAL,
      },
    ]);
  }
  writeRow(pair, node, { ...c.db, disabled: action === 'DISABLE', master_node: designated });
  return null;
}

/** 25.04 `failover.unlock`: stores passphrases, syncs them to the peer, then forces this controller active. */
export async function unlock(
  pair: Pair,
  node: NodeLetter,
  options: { pools: { name: string; passphrase: string }[]; datasets: { name: string; passphrase: string }[] },
): Promise<boolean> {
  const c = pair.controller(node);
  for (const entry of [...options.pools, ...options.datasets]) c.encryptionKeys.set(entry.name, entry.passphrase);
  if (pair.peerState(node) === 'ok' && c.role === 'MASTER') pair.peer(node).encryptionKeys = new Map(c.encryptionKeys);
  return forceMaster(pair, node);
}
