/**
 * One controller of the pair: its slot, power and HA role, boot id, installed software, its copy
 * of the failover configuration, its reboot-required reasons and the jobs of the current boot.
 * Plain state; the Pair decides every transition.
 */
import { setMaxListeners } from 'node:events';
import type { UploadedImage } from '../upload/image.js';
import type { JobList } from './jobs.js';
import type { FailoverRow, HaRole, NodeLetter, PowerState } from './types.js';

export class Controller {
  power: PowerState = 'up';
  role: HaRole = 'BACKUP';
  /** Fault: powered off until restored. */
  killed = false;
  /** Fault: the middleware accepts connections but never answers. */
  hung = false;
  bootId = '';
  /** When the current boot started (real milliseconds since the epoch; `system.info` uptime). */
  bootedAt = Date.now();
  /** Software version running now (`system.version`). */
  version: string;
  /** Boot environment activated for the next boot (an upgrade installs into it). */
  nextVersion: string;
  licensed: boolean;
  /** This controller's own pending reboot reasons (`system.reboot.info`), by code. Cleared by a reboot. */
  readonly rebootReasons = new Map<string, string>();
  /** This controller's copy of the failover row. */
  db: FailoverRow;
  /** Pool and dataset passphrases cached for failover (`failover.unlock`), replicated by sync. */
  encryptionKeys = new Map<string, string>();
  /**
   * The update image uploaded for `failover.upgrade` (TrueNAS keeps it as `updatefile.sqsh`), kept
   * after an installer warning so that `resume_manual` continues without a new upload. Cleared by a
   * successful upgrade and by a reboot (the simulator keeps it in memory).
   */
  updateFile: UploadedImage | null = null;
  /** True when a configuration write could not be replicated to the peer yet (journal). */
  journalPending = false;
  jobs!: JobList;
  bootAbort = Controller.newBootAbort();
  /** Last values computed for events that are sent only on change. Reset on boot. */
  last: { status?: string; reasons?: string; rebootInfo?: string; systemRebootInfo?: string } = {};

  constructor(
    readonly node: NodeLetter,
    options: { version: string; licensed: boolean; db: FailoverRow },
  ) {
    this.version = options.version;
    this.nextVersion = options.version;
    this.licensed = options.licensed;
    this.db = { ...options.db };
  }

  /** Reachable over the network at all (its port accepts connections). */
  get listening(): boolean {
    return this.power !== 'down';
  }

  /** Answers calls (listening and not hung). */
  get responsive(): boolean {
    return this.power !== 'down' && !this.hung;
  }

  /** Every wait of this boot listens to its signal; there can be many at once. */
  static newBootAbort(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  get promoting(): boolean {
    return this.role === 'ELECTING' || this.role === 'IMPORTING';
  }
}
