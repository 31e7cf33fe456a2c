/** Public types of the HA helpers (`client.ha`): the pair's state, waiting, and workflow reports. */
import type { ControllerIdentity } from '../client/identity.js';

/** A controller's slot in the chassis: `A`, `B`, or `MANUAL` on non-HA hardware. */
export type NodeLetter = 'A' | 'B' | 'MANUAL';

/** `failover.config` as the answering controller sees it. */
export interface FailoverConfig {
  id: number;
  /** Failover administratively disabled (no automatic failover). */
  disabled: boolean;
  /** True when the answering controller is the designated master. */
  master: boolean;
  /** Seconds to wait after a critical-interface event before failing over (0 or ≤ 2: the default, about 2 s). */
  timeout: number;
}

/** One reason a controller must reboot (`failover.reboot.info`). */
export interface RebootRequiredReason {
  code: string;
  reason: string;
}

/** Boot id and reboot-required reasons of one controller. */
export interface ControllerRebootInfo {
  boot_id: string;
  reboot_required_reasons: RebootRequiredReason[];
}

/** `failover.reboot.info`: this controller and its peer (`null` when the peer cannot be reached). */
export interface RebootInfo {
  this_node: ControllerRebootInfo;
  other_node: ControllerRebootInfo | null;
}

/** A field of the snapshot that this client cannot read (e.g. `failover.status` over REST on 25.10). */
export type SnapshotField = 'status' | 'disabledReasons';

/**
 * The HA state of the pair as the controller the client reaches reports it, read in parallel
 * (`failover.licensed`, `status`, `node`, `config`, `disabled.reasons`, `reboot.info`).
 */
export interface HaSnapshot {
  /** When the reads completed (ms since the epoch). */
  readAt: number;
  /** The controller the client was connected to when the reads completed (WebSocket clients). */
  controller: ControllerIdentity | undefined;
  licensed: boolean;
  /** `MASTER`, `BACKUP`, `SINGLE`, `ERROR`, …; undefined when this client cannot read it (see `unavailable`). */
  status: string | undefined;
  /** The answering controller's slot. */
  node: NodeLetter | string;
  /** The other controller's slot (`A` ↔ `B`); undefined on `MANUAL` (non-HA) hardware. */
  otherNode: 'A' | 'B' | undefined;
  config: FailoverConfig;
  /** Why automatic failover is not possible now (`[]` = healthy); undefined when unreadable. */
  disabledReasons: string[] | undefined;
  rebootInfo: RebootInfo;
  /** The node letter of the designated master (from `config.master` and `node`). */
  designatedMaster: 'A' | 'B' | undefined;
  /** Fields this client could not read, with why (REST on 25.10 has neither status nor reasons). */
  unavailable: Partial<Record<SnapshotField, string>>;
  /**
   * True when the answering controller is active, HA-licensed, failover enabled and no disabled
   * reason is reported. False when any of those is known not to hold; undefined when unknowable.
   */
  healthy: boolean | undefined;
}

/** Options of `snapshot()`. */
export interface SnapshotOptions {
  /** Per-read timeout in ms (including waiting for a reconnection). Default: the client's timeout. */
  timeout?: number;
  signal?: AbortSignal;
}

/** What `waitFor` waits for: a `failover.status` value, or a condition on a snapshot. */
export type WaitTarget = string | ((snapshot: HaSnapshot) => boolean);

/** Options of `waitFor()`. */
export interface WaitForOptions {
  /** Give up after this many ms with `HaWaitTimeoutError`. Default 60 000. */
  timeout?: number;
  /** Stop waiting (rejects with `AbortedError`); nothing on the server is affected. */
  signal?: AbortSignal;
  /** Polling fallback between reads, ms (events usually answer first). Default 1 000; REST clients only poll. */
  interval?: number;
  /** Called with a short description of each new observation (for progress lines). */
  onObservation?: (text: string, snapshot: HaSnapshot | undefined) => void;
}

/** A short identification of a controller in reports. */
export interface ControllerRef {
  node: string | undefined;
  bootId: string | undefined;
}
