/**
 * `client.ha`: status helpers and the operators' HA workflows on top of a client. Each seed
 * "Common HA Operation" is one call: check status (`snapshot`), planned failover, sync
 * configuration, emergency disable / re-enable, and the rolling upgrade.
 */
import type { PairAccess } from './controllers.js';
import type { HaHost } from './host.js';
import { type EmergencyDisableOptions, emergencyDisable, type MaintenanceReport, type ReenableOptions, reenable } from './maintenance.js';
import { type PlannedFailoverOptions, type PlannedFailoverReport, plannedFailover } from './planned-failover.js';
import { type RollingUpgradeOptions, type RollingUpgradeReport, rollingUpgrade } from './rolling-upgrade.js';
import { readSnapshot } from './snapshot.js';
import { type SyncOptions, type SyncReport, type SyncToPeerOptions, syncFromPeer, syncToPeer } from './sync.js';
import type { HaSnapshot, SnapshotOptions, WaitForOptions, WaitTarget } from './types.js';
import { waitForState } from './wait-for.js';
import type { Workflow } from './workflow.js';

/** The HA helpers of a client (`client.ha`). Workflows return a `Workflow` handle at once. */
export interface HaHelpers {
  /** Check HA status: licensed, status, node, config, disabled reasons and reboot info, read in parallel. */
  snapshot(options?: SnapshotOptions): Promise<HaSnapshot>;
  /**
   * Resolves with the first snapshot where `failover.status` equals `target`, or where
   * `target(snapshot)` is true. Event-driven with a polling fallback (REST clients poll);
   * `HaWaitTimeoutError` after `timeout` (default 60 s), `AbortedError` on `signal`.
   */
  waitFor(target: WaitTarget, options?: WaitForOptions): Promise<HaSnapshot>;
  /** Planned failover: preconditions, `become_passive`, follow the pair to the new MASTER, verify. */
  plannedFailover(options?: PlannedFailoverOptions): Workflow<PlannedFailoverReport>;
  /** Emergency disable (`failover.update({disabled: true})`), warning when the VIP will move. */
  emergencyDisable(options?: EmergencyDisableOptions): Workflow<MaintenanceReport>;
  /** Re-enable after maintenance, then check that failover really works again (no disabled reasons). */
  reenable(options?: ReenableOptions): Workflow<MaintenanceReport>;
  /** Push the active controller's configuration to the standby, and compare both. */
  syncToPeer(options?: SyncToPeerOptions): Workflow<SyncReport>;
  /** Pull the standby's configuration to the active controller, and compare both. */
  syncFromPeer(options?: SyncOptions): Workflow<SyncReport>;
  /** Rolling upgrade: upgrade the standby (job), fail over to it, upgrade the old master. */
  rollingUpgrade(options?: RollingUpgradeOptions): Workflow<RollingUpgradeReport>;
}

/** Builds the helpers for a client; `pair` reaches each controller directly (the client's own options and a client factory). */
export function createHaHelpers(host: HaHost, pair: PairAccess): HaHelpers {
  return {
    snapshot: (o) => readSnapshot(host, o),
    waitFor: (target, o) => waitForState(host, target, o),
    plannedFailover: (o) => plannedFailover(host, o),
    emergencyDisable: (o) => emergencyDisable(host, o),
    reenable: (o) => reenable(host, o),
    syncToPeer: (o) => syncToPeer(host, pair, o),
    syncFromPeer: (o) => syncFromPeer(host, pair, o),
    rollingUpgrade: (o) => rollingUpgrade(host, o),
  };
}

/** Defines `client.ha` on a client (lazily: nothing is built until it is used). */
export function attachHa(client: HaHost, pair: PairAccess): void {
  let helpers: HaHelpers | undefined;
  Object.defineProperty(client, 'ha', {
    get: () => (helpers ??= createHaHelpers(client, pair)),
    enumerable: false,
    configurable: false,
  });
}
