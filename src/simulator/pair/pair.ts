/**
 * The HA pair state machine: two controllers, the failover configuration each one stores, the
 * heartbeat link between them and who holds the VIP. It knows nothing about sockets: transports
 * read its state, call its operations, and listen to its events (`power` to open or close a
 * controller's port, `event` to push API events, `vip` to move the VIP).
 */
import { ERRNO } from '../../errors/errno.js';
import { Emitter } from '../../util/emitter.js';
import { peerErrors, SimCallError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import type { SeededRandom } from '../util/random.js';
import type { ServerRelease } from '../versions.js';
import { Controller } from './controller.js';
import { type Job, JobList } from './jobs.js';
import { computeDisabledReasons } from './reasons.js';
import type {
  FailoverEntry,
  FailoverRebootInfo,
  FailoverStatusValue,
  NodeLetter,
  PowerState,
  RebootInfo,
  RebootRequiredReason,
} from './types.js';
import { otherNode } from './types.js';

/**
 * Real-world durations (milliseconds) of the pair's slow operations, before the time scale. They
 * keep the real order: a rebooting controller is off the network far longer than the longest
 * master-down interval (failover timeout 120 → 122.85 s) plus a promotion, so the standby has
 * taken over before the old active controller is back. The lifecycle also enforces that order at
 * any time scale (a reboot that ends while an election is pending waits for it to start).
 */
export const DURATIONS = {
  /** Promotion: fencing the disks (job description ELECTING). */
  electing: 500,
  /** Promotion: importing the pools and starting services (IMPORTING). */
  importing: 1500,
  /** The BACKUP event a controller runs when it boots. */
  backupEvent: 300,
  /** A rebooting controller is off the network this long (firmware, kernel, middleware start)... */
  rebootDown: 130_000,
  /** ...then answers but is not `system.ready` for this long (pools, services). */
  bootNotReady: 10_000,
  /** Graceful reboot: services stopping before the controller goes down. */
  gracefulShutdown: 5_000,
  /** Timeout of a call to a peer that accepts connections but does not answer. */
  peerCallTimeout: 5_000,
  /** `failover.reboot.info` gives up on the peer after this long. */
  peerInfoTimeout: 2_000,
  /** Copying the database and files to the peer. */
  sync: 500,
} as const;

/** The longest master-down interval: keepalived's advert_int caps at 40.95 s (RFC 5798), three of them. */
export const MAX_DETECTION_MS = 122_850;

/**
 * How long the standby waits without VRRP adverts before promoting itself: keepalived.conf.mako
 * sets `advert_int = round(128 * timeout / 385, 2)` above 2 s (0.68 s, so about 2 s, below), and
 * VRRPv3 declares the master down after about three adverts.
 */
export function detectionDelay(timeoutSeconds: number): number {
  const seconds = timeoutSeconds <= 2 ? 2 : Math.min(timeoutSeconds, MAX_DETECTION_MS / 1000);
  return seconds * 1000;
}

/** An API event to deliver to the connections of one controller. */
export interface PairApiEvent {
  node: NodeLetter;
  name: string;
  msg: 'added' | 'changed';
  /** Present when the event carries an `id` key (possibly null). */
  id?: unknown;
  fields?: unknown;
  /** The job, for `core.get_jobs` events (access checks). */
  job?: Job;
}

export interface PairEvents {
  /** A controller's `failover.status` changed. */
  transition: { node: NodeLetter; from: FailoverStatusValue; to: FailoverStatusValue };
  /** A controller went down, started booting, or became ready. */
  power: { node: NodeLetter; power: PowerState; bootId: string; reason: string };
  /** The VIP moved (null: no controller holds it). */
  vip: { holder: NodeLetter | null };
  /** A controller hung or recovered. */
  hang: { node: NodeLetter; hung: boolean };
  /** An API event for the connections of one controller. */
  event: PairApiEvent;
  /** The heartbeat link was cut or restored. */
  heartbeat: { up: boolean };
}

/** Fault hooks the state machine consults. */
export interface PairFaultHooks {
  /** May throw to make a job fail once it reports this progress. */
  checkJobProgress(job: Job, percent: number | null): void;
  /** Warning text the update installer reports (EAGAIN), or null. */
  installerWarningText(): string | null;
}

export interface PairOptions {
  release: ServerRelease;
  licensed: boolean;
  criticalInterfaces: boolean;
  clock: Clock;
  random: SeededRandom;
  faults: PairFaultHooks;
  /** Version an upgrade installs; default: the running version with `.1` appended. */
  upgradeVersion?: string;
  log?: (line: string) => void;
}

export class Pair extends Emitter<PairEvents> {
  readonly controllers: Record<NodeLetter, Controller>;
  readonly release: ServerRelease;
  readonly licensed: boolean;
  readonly criticalInterfaces: boolean;
  readonly clock: Clock;
  readonly random: SeededRandom;
  readonly faults: PairFaultHooks;
  readonly upgradeVersion: string | undefined;
  heartbeatUp = true;
  private vipHolderNow: NodeLetter | null = null;
  private refreshQueued = false;
  private readonly logLine: ((line: string) => void) | undefined;
  /** Set by the lifecycle module: re-evaluates whether a controller must promote itself. */
  electionCheck: () => void = () => {};
  /** Set by the lifecycle module: runs `fn` once no election is pending (at once when none is). */
  whenElectionStarted: (fn: () => void) => void = (fn) => fn();
  stopped = false;

  constructor(options: PairOptions) {
    super(ignoreListenerError);
    this.release = options.release;
    this.licensed = options.licensed;
    this.criticalInterfaces = options.criticalInterfaces;
    this.clock = options.clock;
    this.random = options.random;
    this.faults = options.faults;
    this.upgradeVersion = options.upgradeVersion;
    this.logLine = options.log;
    const db = { id: 1, disabled: !options.criticalInterfaces, timeout: 0, master_node: 'A' as const };
    const make = (node: NodeLetter) => new Controller(node, { version: options.release.softwareVersion, licensed: options.licensed, db });
    this.controllers = { A: make('A'), B: make('B') };
    for (const c of Object.values(this.controllers)) {
      c.bootId = this.random.uuid();
      c.jobs = this.newJobList(c);
    }
    if (options.licensed) {
      this.controllers.A.role = 'MASTER';
      this.controllers.B.role = 'BACKUP';
    } else {
      // A single (non-HA) system: controller B does not exist.
      this.controllers.B.power = 'down';
    }
    this.vipHolderNow = this.computeVipHolder();
    // The controllers have computed their status and reasons while booting: later events report changes.
    this.refresh();
  }

  log(line: string): void {
    this.logLine?.(line);
  }

  controller(node: NodeLetter): Controller {
    return this.controllers[node];
  }

  peer(node: NodeLetter): Controller {
    return this.controllers[otherNode(node)];
  }

  /** True when the controller exists (an unlicensed system has only A). */
  present(node: NodeLetter): boolean {
    return this.licensed || node === 'A';
  }

  newJobList(c: Controller): JobList {
    return new JobList(
      {
        now: () => this.clock.now(),
        sleep: (ms, signal) => this.clock.sleep(ms, signal),
        announce: (msg, job) => {
          if (c.hung) return;
          this.emit('event', { node: c.node, name: 'core.get_jobs', msg, id: job.id, fields: job.toJSON(), job });
        },
        checkProgressFault: (job, percent) => this.faults.checkJobProgress(job, percent),
      },
      c.bootAbort.signal,
    );
  }

  // ---- queries ---------------------------------------------------------------------------

  /** `failover.status` of a controller. */
  status(node: NodeLetter): FailoverStatusValue {
    return this.licensed ? this.controllers[node].role : 'SINGLE';
  }

  /** `failover.node`: the slot letter, or MANUAL on a non-HA system. */
  nodeName(node: NodeLetter): NodeLetter | 'MANUAL' {
    return this.licensed ? node : 'MANUAL';
  }

  /** `failover.config()` as this controller answers it. */
  config(node: NodeLetter): FailoverEntry {
    const row = this.controllers[node].db;
    return { id: row.id, disabled: row.disabled, master: this.nodeName(node) === row.master_node, timeout: row.timeout };
  }

  /** Which controller holds the VIP now. */
  vipHolder(): NodeLetter | null {
    return this.vipHolderNow;
  }

  private computeVipHolder(): NodeLetter | null {
    if (!this.licensed) return this.controllers.A.listening ? 'A' : null;
    for (const c of Object.values(this.controllers)) if (c.listening && c.role === 'MASTER') return c.node;
    return null;
  }

  /** Whether `from` can talk to its peer over the heartbeat link right now. */
  peerState(from: NodeLetter): 'ok' | 'refused' | 'hung' | 'unlicensed' {
    if (!this.licensed) return 'unlicensed';
    const peer = this.peer(from);
    if (!this.heartbeatUp || !peer.listening) return 'refused';
    if (peer.hung) return 'hung';
    return 'ok';
  }

  /**
   * Runs `fn` against the peer as `failover.call_remote` would: network errors when it cannot be
   * reached, a timeout when it does not answer, and any error it raises re-raised as EFAULT.
   */
  async callPeer<T>(from: NodeLetter, fn: (peer: Controller) => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.peerState(from);
    if (state === 'unlicensed') throw peerErrors.unreachable();
    if (state === 'refused') throw peerErrors.refused();
    if (state === 'hung') {
      await this.clock.sleep(DURATIONS.peerCallTimeout, signal ?? this.controllers[from].bootAbort.signal);
      throw peerErrors.timeout();
    }
    try {
      return await fn(this.peer(from));
    } catch (err) {
      if (err instanceof SimCallError && isNetworkErrno(err.errno)) throw err;
      if (err instanceof SimCallError || err instanceof Error) throw new SimCallError(err.message, ERRNO.EFAULT);
      throw err;
    }
  }

  /** `system.reboot.info` of a controller. */
  ownRebootInfo(c: Controller): RebootInfo {
    const reasons: RebootRequiredReason[] = [...c.rebootReasons].map(([code, reason]) => ({ code, reason }));
    return { boot_id: c.bootId, reboot_required_reasons: reasons };
  }

  /** `failover.reboot.info` computed without waiting (an unreachable peer counts as null). */
  rebootInfoNow(node: NodeLetter): FailoverRebootInfo {
    const c = this.controllers[node];
    const peerOk = this.peerState(node) === 'ok';
    return { this_node: this.ownRebootInfo(c), other_node: peerOk ? this.ownRebootInfo(this.peer(node)) : null };
  }

  /** `failover.reboot.info` as the method answers it (waits out an unresponsive peer). */
  async rebootInfo(node: NodeLetter): Promise<FailoverRebootInfo> {
    if (this.peerState(node) === 'hung') await this.clock.sleep(DURATIONS.peerInfoTimeout, this.controllers[node].bootAbort.signal);
    const info = this.rebootInfoNow(node);
    this.publishRebootInfo(node, info);
    return info;
  }

  /** Disabled reasons computed without waiting. */
  reasonsNow(node: NodeLetter): string[] {
    return computeDisabledReasons(this, node);
  }

  /** `failover.disabled.reasons` as the method answers it (slow when the peer does not answer). */
  async disabledReasons(node: NodeLetter): Promise<string[]> {
    if (this.peerState(node) === 'hung') await this.clock.sleep(DURATIONS.peerCallTimeout, this.controllers[node].bootAbort.signal);
    const reasons = this.reasonsNow(node);
    this.publishReasons(node, reasons);
    return reasons;
  }

  /** True while a failover event (promotion or demotion) is queued or running on the controller. */
  failoverInProgress(node: NodeLetter): boolean {
    return this.controllers[node].jobs.anyActive(['failover.events.vrrp_master', 'failover.events.vrrp_backup']);
  }

  // ---- change propagation ----------------------------------------------------------------

  /** Sets a controller's HA role and announces the transition. */
  setRole(node: NodeLetter, role: Controller['role']): void {
    const c = this.controllers[node];
    const from = this.status(node);
    if (c.role === role) return;
    c.role = role;
    this.log(`[${node}] status ${from} -> ${this.status(node)}`);
    this.emit('transition', { node, from, to: this.status(node) });
    this.changed();
  }

  /** Something changed: move the VIP if needed and, once per turn, recompute what events report. */
  changed(): void {
    const holder = this.computeVipHolder();
    if (holder !== this.vipHolderNow) {
      this.vipHolderNow = holder;
      this.log(`VIP -> ${holder ?? 'nobody'}`);
      this.emit('vip', { holder });
    }
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      if (this.stopped) return;
      this.refresh();
      this.electionCheck();
    });
  }

  private refresh(): void {
    for (const c of Object.values(this.controllers)) {
      if (!c.responsive || !this.present(c.node)) continue;
      this.replayJournal(c);
      this.publishStatus(c.node);
      this.publishReasons(c.node, this.reasonsNow(c.node));
      this.publishRebootInfo(c.node, this.rebootInfoNow(c.node));
    }
  }

  /** A master whose writes could not reach the peer sends them once the peer is back. */
  private replayJournal(c: Controller): void {
    if (!c.journalPending || c.role !== 'MASTER' || this.peerState(c.node) !== 'ok') return;
    const peer = this.peer(c.node);
    if (peer.power !== 'up') return;
    peer.db = { ...c.db };
    c.journalPending = false;
  }

  private emitIfChanged(node: NodeLetter, key: keyof Controller['last'], value: unknown, event: Omit<PairApiEvent, 'node'>): void {
    const c = this.controllers[node];
    const text = JSON.stringify(value);
    if (c.last[key] === text) return;
    c.last[key] = text;
    if (!c.hung) this.emit('event', { node, ...event });
  }

  publishStatus(node: NodeLetter): void {
    const status = this.status(node);
    this.emitIfChanged(node, 'status', status, { name: 'failover.status', msg: 'changed', fields: { status } });
  }

  publishReasons(node: NodeLetter, reasons: string[]): void {
    this.emitIfChanged(node, 'reasons', reasons, {
      name: 'failover.disabled.reasons',
      msg: 'changed',
      fields: { disabled_reasons: reasons },
    });
  }

  publishRebootInfo(node: NodeLetter, info: FailoverRebootInfo): void {
    this.emitIfChanged(node, 'rebootInfo', info, { name: 'failover.reboot.info', msg: 'changed', id: null, fields: info });
    this.emitIfChanged(node, 'systemRebootInfo', info.this_node, {
      name: 'system.reboot.info',
      msg: 'changed',
      id: null,
      fields: info.this_node,
    });
  }

  /** Stops every timer and flow; the pair is inert afterwards. */
  stop(): void {
    this.stopped = true;
    for (const c of Object.values(this.controllers)) c.bootAbort.abort();
    this.clock.stop();
  }
}

export function isNetworkErrno(errno: number): boolean {
  return (
    errno === ERRNO.ECONNREFUSED ||
    errno === ERRNO.ECONNRESET ||
    errno === ERRNO.ETIMEDOUT ||
    errno === ERRNO.ECONNABORTED ||
    errno === ERRNO.EHOSTDOWN ||
    errno === ERRNO.EHOSTUNREACH ||
    errno === ERRNO.ENOMETHOD
  );
}

// A listener's failure must not break the state machine that announced the change.
function ignoreListenerError(): void {}
