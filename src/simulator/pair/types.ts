/** Vocabulary of the HA pair state machine. */

/** Chassis slot of a controller. */
export type NodeLetter = 'A' | 'B';

/** HA role a licensed controller can be in. */
export type HaRole = 'MASTER' | 'BACKUP' | 'ELECTING' | 'IMPORTING' | 'ERROR';

/** What `failover.status` answers. */
export type FailoverStatusValue = HaRole | 'SINGLE' | 'UNKNOWN';

/**
 * Power state of a controller: `down` (off or rebooting: its port refuses connections),
 * `booting` (answering, but `system.ready` is still false), `up` (ready).
 */
export type PowerState = 'up' | 'booting' | 'down';

/** The stored failover row (`system_failover` table) as each controller keeps it. */
export interface FailoverRow {
  id: number;
  disabled: boolean;
  timeout: number;
  /** Designated master controller, stored as a slot letter (`MANUAL` on non-HA hardware). */
  master_node: NodeLetter | 'MANUAL';
}

/** `failover.config()` as seen by one controller. */
export interface FailoverEntry {
  id: number;
  disabled: boolean;
  master: boolean;
  timeout: number;
}

export interface RebootRequiredReason {
  code: string;
  reason: string;
}

export interface RebootInfo {
  boot_id: string;
  reboot_required_reasons: RebootRequiredReason[];
}

export interface FailoverRebootInfo {
  this_node: RebootInfo;
  other_node: RebootInfo | null;
}

export const otherNode = (node: NodeLetter): NodeLetter => (node === 'A' ? 'B' : 'A');

/** Reboot reason texts as TrueNAS words them. */
export const REBOOT_REASON_TEXT: Record<string, string> = {
  UPGRADE: 'This system needs to be rebooted in order for the system upgrade to finish.',
  FIPS: 'FIPS configuration was changed.',
  GPOSSTIG: 'General purpose OS STIG configuration was changed.',
};
