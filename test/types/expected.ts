/**
 * Expected shapes of the failover API, written by hand from the protocol spec and the middleware
 * models, independently of the generator. The type tests compare the generated method map with
 * these, so a schema or generator change that alters a user-visible type fails a test.
 *
 * Results and event payloads are typed as leniently as they are validated: where the server's
 * model says plain string (or where a newer server may add a value), the known values are editor
 * hints and any other string is allowed: `Open<'A' | 'B'>` is `'A' | 'B' | (string & {})`.
 */

/** Known values of a result string, open to values a newer server adds. */
export type Open<T extends string> = T | (string & {});

export type FailoverEntry = { id: number; disabled: boolean; master: boolean; timeout: number };
export type FailoverStatus = Open<'MASTER' | 'BACKUP' | 'SINGLE' | 'ELECTING' | 'IMPORTING' | 'ERROR' | 'UNKNOWN'>;
export type FailoverNode = Open<'A' | 'B' | 'MANUAL'>;

type CommonReason =
  | 'NO_CRITICAL_INTERFACES'
  | 'MISMATCH_DISKS'
  | 'MISMATCH_VERSIONS'
  | 'MISMATCH_NICS'
  | 'DISAGREE_VIP'
  | 'NO_LICENSE'
  | 'NO_FAILOVER'
  | 'NO_PONG'
  | 'NO_VOLUME'
  | 'NO_VIP'
  | 'NO_SYSTEM_READY'
  | 'NO_FENCED'
  | 'REM_FAILOVER_ONGOING'
  | 'LOC_FAILOVER_ONGOING'
  | 'NO_HEARTBEAT_IFACE'
  | 'NO_CARRIER_ON_HEARTBEAT'
  | 'LOC_FIPS_REBOOT_REQ'
  | 'REM_FIPS_REBOOT_REQ'
  | 'LOC_SYSTEM_DATASET_MIGRATION_IN_PROGRESS'
  | 'REM_SYSTEM_DATASET_MIGRATION_IN_PROGRESS';
/** Disabled reasons of servers up to 25.10.1 (any pending reboot maps to the FIPS codes). */
export type DisabledReasonUpTo25_10_1 = Open<CommonReason>;
/** Disabled reasons of 25.10.2 and later servers (one code per reboot reason). */
export type DisabledReasonFrom25_10_2 = Open<
  CommonReason | 'LOC_GPOSSTIG_REBOOT_REQ' | 'REM_GPOSSTIG_REBOOT_REQ' | 'LOC_UPGRADE_REBOOT_REQ' | 'REM_UPGRADE_REBOOT_REQ'
>;

export type RebootInfo<Code extends string> = { boot_id: string; reboot_required_reasons: { code: Code; reason: string }[] };
export type FailoverRebootInfo<Code extends string> = { this_node: RebootInfo<Code>; other_node: RebootInfo<Code> | null };
export type RebootCode25 = Open<'FIPS' | 'GPOSSTIG' | 'UPGRADE'>;
export type RebootCode26 = Open<'FIPS' | 'GPOSSTIG' | 'GPU_ISOLATION' | 'UPGRADE'>;

export type SyncToPeerOptions = { reboot?: boolean };
export type RebootOtherNodeOptions = { reason?: string; graceful?: boolean };
export type UpgradeOptions25_04 = { train?: string; resume?: boolean; resume_manual?: boolean };
export type UpgradeOptions = { train?: string | null; version?: string | null; resume?: boolean; resume_manual?: boolean };
export type FailoverUpdate25_04 = { disabled?: boolean; master?: boolean | null; timeout?: number };
export type FailoverUpdate = { disabled?: boolean; master?: boolean; timeout?: number };

export type JobState = Open<'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'ABORTED'>;
