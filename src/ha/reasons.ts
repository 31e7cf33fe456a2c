/** What each `failover.disabled.reasons` code means (spec §6), and which ones are about the peer. */

const MEANINGS: Record<string, string> = {
  NO_FAILOVER: 'failover is administratively disabled',
  LOC_FAILOVER_ONGOING: 'this controller is in the middle of a failover event',
  REM_FAILOVER_ONGOING: 'the other controller is in the middle of a failover event',
  NO_CRITICAL_INTERFACES: 'no network interface is marked critical for failover',
  NO_VIP: 'no critical interface has a virtual IP',
  NO_VOLUME: 'the controller holding the VIP has no data pool imported',
  NO_FENCED: 'the disk-fencing daemon is not running although pools are imported',
  NO_HEARTBEAT_IFACE: 'the heartbeat interface between the controllers is missing',
  NO_CARRIER_ON_HEARTBEAT: 'the heartbeat interface is down (no link)',
  NO_PONG: 'the other controller does not answer over the heartbeat link',
  NO_SYSTEM_READY: 'the other controller has not finished booting',
  NO_LICENSE: 'the other controller has no HA license',
  MISMATCH_VERSIONS: 'the controllers run different software versions',
  DISAGREE_VIP: 'the controllers disagree about who holds the virtual IPs',
  MISMATCH_DISKS: 'the controllers do not see the same disks',
  MISMATCH_NICS: 'the controllers do not have the same network interfaces',
  LOC_SYSTEM_DATASET_MIGRATION_IN_PROGRESS: 'this controller is setting up the system dataset',
  REM_SYSTEM_DATASET_MIGRATION_IN_PROGRESS: 'the other controller is setting up the system dataset',
  LOC_FIPS_REBOOT_REQ: 'this controller must reboot to apply the FIPS setting',
  REM_FIPS_REBOOT_REQ: 'the other controller must reboot to apply the FIPS setting',
  LOC_GPOSSTIG_REBOOT_REQ: 'this controller must reboot to apply the STIG setting',
  REM_GPOSSTIG_REBOOT_REQ: 'the other controller must reboot to apply the STIG setting',
  LOC_UPGRADE_REBOOT_REQ: 'this controller must reboot to finish an upgrade',
  REM_UPGRADE_REBOOT_REQ: 'the other controller must reboot to finish an upgrade',
};

// Reasons that say the other controller cannot take over (unreachable, booting, different).
const PEER_REASONS: ReadonlySet<string> = new Set([
  'NO_PONG',
  'NO_SYSTEM_READY',
  'NO_LICENSE',
  'MISMATCH_VERSIONS',
  'REM_FAILOVER_ONGOING',
  'NO_HEARTBEAT_IFACE',
  'NO_CARRIER_ON_HEARTBEAT',
  'DISAGREE_VIP',
  'MISMATCH_DISKS',
  'MISMATCH_NICS',
  'REM_SYSTEM_DATASET_MIGRATION_IN_PROGRESS',
  'REM_FIPS_REBOOT_REQ',
  'REM_GPOSSTIG_REBOOT_REQ',
  'REM_UPGRADE_REBOOT_REQ',
]);

/** Reasons a rolling upgrade itself causes between its phases; they do not block its failover. */
export const UPGRADE_REASONS: readonly string[] = ['MISMATCH_VERSIONS', 'LOC_UPGRADE_REBOOT_REQ', 'REM_UPGRADE_REBOOT_REQ'];

/** The meaning of a reason code in an operator's words; unknown codes (newer servers) say so rather than guess. */
export function reasonMeaning(code: string): string {
  return MEANINGS[code] ?? 'a reason this version of truenas-failover does not know';
}

/** Codes with their meanings. */
export function describeReasons(codes: readonly string[]): { code: string; meaning: string }[] {
  return codes.map((code) => ({ code, meaning: reasonMeaning(code) }));
}

/** True when the reason is about the other controller (it could not take over). */
export function isPeerReason(code: string): boolean {
  return PEER_REASONS.has(code);
}

/** Every code with a known meaning. */
export const KNOWN_REASONS: readonly string[] = Object.keys(MEANINGS);
