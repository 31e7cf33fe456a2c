/**
 * `failover.disabled.reasons` computed from the pair's real state, following the server's order:
 * local checks first (a failover event running here stops them early), then remote checks, any
 * failure to reach the peer adding NO_PONG and skipping the rest.
 */
import { schemaFileOf } from '../../generated/schema-files.js';
import type { ServerRelease } from '../versions.js';
import type { Controller } from './controller.js';
import type { NodeLetter } from './types.js';

/** What the reasons are computed from: the pair's state, as `Pair` exposes it (kept narrow to avoid an import cycle). */
export interface ReasonSources {
  readonly licensed: boolean;
  readonly heartbeatUp: boolean;
  readonly criticalInterfaces: boolean;
  readonly release: ServerRelease;
  controller(node: NodeLetter): Controller;
  peer(node: NodeLetter): Controller;
  peerState(from: NodeLetter): 'ok' | 'refused' | 'hung' | 'unlicensed';
  failoverInProgress(node: NodeLetter): boolean;
}

/** Every code, in the order TrueNAS's enum lists them (our answers follow it). */
const ORDER = [
  'NO_CRITICAL_INTERFACES',
  'MISMATCH_DISKS',
  'MISMATCH_VERSIONS',
  'MISMATCH_NICS',
  'DISAGREE_VIP',
  'NO_LICENSE',
  'NO_FAILOVER',
  'NO_PONG',
  'NO_VOLUME',
  'NO_VIP',
  'NO_SYSTEM_READY',
  'NO_FENCED',
  'REM_FAILOVER_ONGOING',
  'LOC_FAILOVER_ONGOING',
  'NO_HEARTBEAT_IFACE',
  'NO_CARRIER_ON_HEARTBEAT',
  'LOC_FIPS_REBOOT_REQ',
  'REM_FIPS_REBOOT_REQ',
  'LOC_GPOSSTIG_REBOOT_REQ',
  'REM_GPOSSTIG_REBOOT_REQ',
  'LOC_UPGRADE_REBOOT_REQ',
  'REM_UPGRADE_REBOOT_REQ',
  'LOC_SYSTEM_DATASET_MIGRATION_IN_PROGRESS',
  'REM_SYSTEM_DATASET_MIGRATION_IN_PROGRESS',
];

/** Whether the primary release knows this code (25.10.0 lacks the UPGRADE/STIG ones); its schema lists the codes. */
function knownReason(pair: ReasonSources, code: string): boolean {
  const known = schemaFileOf(pair.release.apiVersion)?.$defs.FailoverDisabledReason?.examples;
  return Array.isArray(known) && known.includes(code);
}

function rebootReasonCodes(pair: ReasonSources, side: 'LOC' | 'REM', codes: string[], into: Set<string>): void {
  if (codes.length === 0) return;
  if (pair.release.rebootReasonsAsFips) {
    // 25.04 maps any pending reboot to the FIPS reason.
    into.add(`${side}_FIPS_REBOOT_REQ`);
    return;
  }
  for (const code of codes) {
    const reason = `${side}_${code}_REBOOT_REQ`;
    if (knownReason(pair, reason)) into.add(reason);
  }
}

export function computeDisabledReasons(pair: ReasonSources, node: NodeLetter): string[] {
  if (!pair.licensed) return [];
  const reasons = new Set<string>();
  const self = pair.controller(node);
  const peer = pair.peer(node);

  // Local checks.
  if (self.db.disabled) reasons.add('NO_FAILOVER');
  if (pair.failoverInProgress(node)) {
    reasons.add('LOC_FAILOVER_ONGOING');
  } else {
    rebootReasonCodes(pair, 'LOC', [...self.rebootReasons.keys()], reasons);
    if (pair.peerState(node) === 'ok') rebootReasonCodes(pair, 'REM', [...peer.rebootReasons.keys()], reasons);
    if (!pair.heartbeatUp) reasons.add('NO_CARRIER_ON_HEARTBEAT');
    if (!pair.criticalInterfaces) reasons.add('NO_CRITICAL_INTERFACES');
  }

  // Remote checks: one failure path.
  if (pair.peerState(node) !== 'ok') {
    reasons.add('NO_PONG');
  } else {
    if (peer.power !== 'up') reasons.add('NO_SYSTEM_READY');
    if (!peer.licensed) reasons.add('NO_LICENSE');
    if (peer.version !== self.version) reasons.add('MISMATCH_VERSIONS');
    if (pair.failoverInProgress(peer.node)) reasons.add('REM_FAILOVER_ONGOING');
    const steady = (r: string) => r === 'MASTER' || r === 'BACKUP';
    if (steady(self.role) && steady(peer.role) && self.role === peer.role) reasons.add('DISAGREE_VIP');
  }
  return ORDER.filter((code) => reasons.has(code));
}
