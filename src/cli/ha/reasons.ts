/** What each `failover.disabled.reasons` code means, in an operator's words (spec §6). */

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

/** The meaning of a reason code; unknown codes (newer servers) say so rather than guess. */
export function reasonMeaning(code: string): string {
  return MEANINGS[code] ?? 'a reason this version of truenas-failover does not know';
}

export function describeReasons(codes: readonly string[]): { code: string; meaning: string }[] {
  return codes.map((code) => ({ code, meaning: reasonMeaning(code) }));
}

/** Every code the CLI can explain (for the docs and tests). */
export const KNOWN_REASONS: readonly string[] = Object.keys(MEANINGS);
