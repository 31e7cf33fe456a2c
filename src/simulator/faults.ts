/**
 * Fault injection (`sim.faults`): kill or hang a controller, cut the heartbeat, partition the VIP,
 * delay or drop WebSocket frames, make the next call of a method fail, make a job fail midway, make
 * the update installer warn. Each fault acts on the state machine or the transports, so it shows
 * through status, disabled reasons, events and dropped connections as it would on a real pair.
 */
import { ERRNO, errnoName } from '../errors/errno.js';
import { SimCallError, SimValidationErrors } from './errors.js';
import type { Job } from './pair/jobs.js';
import { kill, restore, setHeartbeat, setHung } from './pair/lifecycle.js';
import type { Pair, PairFaultHooks } from './pair/pair.js';
import type { NodeLetter } from './pair/types.js';
import { SimulatorUsageError } from './usage-error.js';
import type { SeededRandom } from './util/random.js';

/** The error `failNextCall` makes a call return. */
export interface InjectedCallError {
  /** JSON-RPC code: -32001 (default, a method call error), -32602 (validation), -32603, -32000. */
  code?: -32001 | -32602 | -32603 | -32000;
  /** TrueNAS errno (default 14, EFAULT; 22 for -32602). */
  errno?: number;
  /** Human text, without the `[ERRNAME] ` prefix the simulator adds (default "Injected failure"). */
  reason?: string;
  /** `extra` of the error (call errors only). */
  extra?: unknown;
}

/** How `failJob` makes the next job of a method fail. */
export interface InjectedJobFailure {
  /** Fail when the job's progress reaches this percent (default 0: at start). */
  atPercent?: number;
  /** errno of the failure (default 14, EFAULT). */
  errno?: number;
  /** Error text without prefix (default "Injected job failure"). */
  reason?: string;
}

/** Why `endSubscriptions` ends them: the TrueNAS error sent along (`notify_unsubscribed` `error`). */
export interface SubscriptionEndError {
  errno: number;
  /** Text without the `[ERRNAME] ` prefix. */
  reason: string;
}

/** The fault-injection handle of a running simulator. */
export interface SimulatorFaults {
  /** Powers a controller off: its sockets drop, its port refuses; the standby promotes if it was active. */
  killController(node: NodeLetter): void;
  /** Powers a killed controller back on; it boots with a new boot id and joins as standby. */
  restoreController(node: NodeLetter): void;
  /** The controller keeps accepting connections but answers nothing (no replies, no events). */
  hangController(node: NodeLetter): void;
  /** Ends `hangController`; queued requests are then processed. */
  unhangController(node: NodeLetter): void;
  /** Cuts the heartbeat link: NO_PONG on both controllers; no failover while the active one lives. */
  cutHeartbeat(): void;
  restoreHeartbeat(): void;
  /** Clients lose the VIP: its connections drop and new ones are refused; controllers are unaffected. */
  partitionVip(): void;
  healVip(): void;
  /** Delays every WebSocket frame, both directions, by `ms` real milliseconds (0 = off). */
  delayFrames(ms: number): void;
  /** Drops each WebSocket frame, both directions, with this probability (seeded; 0 = off). */
  dropFrames(probability: number): void;
  /** The next call of `method` (on either controller) fails with this error. */
  failNextCall(method: string, error?: InjectedCallError): void;
  /** The next job of `method` fails once its progress reaches `atPercent`. */
  failJob(method: string, failure?: InjectedJobFailure): void;
  /** Makes the update installer's pre-check warn (EAGAIN) until `resume: true` or `null`. */
  installerWarning(text: string | null): void;
  /**
   * The server ends every subscription to `event` on both controllers, as when an event source
   * fails: JSON-RPC connections get `notify_unsubscribed` (`{collection, error}`), legacy ones
   * `{"msg": "nosub", "collection"}`; the subscriptions are gone server-side. With `errno` or
   * `reason` the error is sent along (errno default 14, EFAULT; reason default "Event source
   * failed"); without either, `error` is null. Returns how many subscriptions ended.
   */
  endSubscriptions(event: string, error?: { errno?: number; reason?: string }): number;
  /** Clears every fault: restores killed controllers, unhangs, heals heartbeat and VIP, frames normal. */
  reset(): void;
}

/** A JSON-RPC error without TrueNAS data (-32000) or with unusual codes, from `failNextCall`. */
export class InjectedRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown,
  ) {
    super(message);
    this.name = 'InjectedRpcError';
  }
}

const stripPrefix = (text: string) => text.replace(/^\[[A-Z0-9_]+\] /, '');

function checkNode(field: string, node: unknown, pair: Pair): NodeLetter {
  if (node !== 'A' && node !== 'B') throw new SimulatorUsageError(field, `expected 'A' or 'B', got ${JSON.stringify(node)}`);
  if (!pair.present(node)) throw new SimulatorUsageError(field, `controller ${node} does not exist on an unlicensed (single) system`);
  return node;
}

export class Faults implements SimulatorFaults, PairFaultHooks {
  private readonly nextCall = new Map<string, InjectedCallError>();
  private readonly nextJob = new Map<string, InjectedJobFailure>();
  private readonly failingJobs = new WeakMap<Job, InjectedJobFailure>();
  private warning: string | null = null;
  frameDelayMs = 0;
  frameDropProbability = 0;
  vipPartitioned = false;
  pair!: Pair;
  /** Ends subscriptions on the controllers' connections; set by `startSimulator`. */
  onEndSubscriptions: (event: string, error: SubscriptionEndError | null) => number = () => 0;
  /** Called when the VIP partition changes (the proxy drops its connections). */
  onVipPartition: (partitioned: boolean) => void = () => {};

  constructor(private readonly random: SeededRandom) {}

  killController(node: NodeLetter): void {
    kill(this.pair, checkNode('node', node, this.pair));
  }

  restoreController(node: NodeLetter): void {
    restore(this.pair, checkNode('node', node, this.pair));
  }

  hangController(node: NodeLetter): void {
    setHung(this.pair, checkNode('node', node, this.pair), true);
  }

  unhangController(node: NodeLetter): void {
    setHung(this.pair, checkNode('node', node, this.pair), false);
  }

  cutHeartbeat(): void {
    setHeartbeat(this.pair, false);
  }

  restoreHeartbeat(): void {
    setHeartbeat(this.pair, true);
  }

  partitionVip(): void {
    this.vipPartitioned = true;
    this.pair.log('VIP partitioned');
    this.onVipPartition(true);
  }

  healVip(): void {
    this.vipPartitioned = false;
    this.pair.log('VIP healed');
    this.onVipPartition(false);
  }

  delayFrames(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new SimulatorUsageError('ms', 'expected a non-negative number of milliseconds');
    this.frameDelayMs = ms;
  }

  dropFrames(probability: number): void {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
      throw new SimulatorUsageError('probability', 'expected a number from 0 to 1');
    }
    this.frameDropProbability = probability;
  }

  failNextCall(method: string, error: InjectedCallError = {}): void {
    if (typeof method !== 'string' || method === '') throw new SimulatorUsageError('method', 'expected a method name');
    if (error.code !== undefined && ![-32001, -32602, -32603, -32000].includes(error.code)) {
      throw new SimulatorUsageError('error.code', 'expected -32001, -32602, -32603 or -32000');
    }
    if (error.errno !== undefined && !Number.isInteger(error.errno)) throw new SimulatorUsageError('error.errno', 'expected an integer');
    this.nextCall.set(method, { ...error });
  }

  failJob(method: string, failure: InjectedJobFailure = {}): void {
    if (typeof method !== 'string' || method === '') throw new SimulatorUsageError('method', 'expected a job method name');
    const at = failure.atPercent ?? 0;
    if (typeof at !== 'number' || at < 0 || at > 100) throw new SimulatorUsageError('failure.atPercent', 'expected 0 to 100');
    this.nextJob.set(method, { ...failure, atPercent: at });
  }

  installerWarning(text: string | null): void {
    if (text !== null && (typeof text !== 'string' || text === ''))
      throw new SimulatorUsageError('text', 'expected a warning text or null');
    this.warning = text;
  }

  endSubscriptions(event: string, error?: { errno?: number; reason?: string }): number {
    if (typeof event !== 'string' || event === '') throw new SimulatorUsageError('event', 'expected an event name');
    if (error !== undefined && (error === null || typeof error !== 'object'))
      throw new SimulatorUsageError('error', 'expected { errno?, reason? }');
    if (error?.errno !== undefined && !Number.isInteger(error.errno)) throw new SimulatorUsageError('error.errno', 'expected an integer');
    if (error?.reason !== undefined && typeof error.reason !== 'string') throw new SimulatorUsageError('error.reason', 'expected a string');
    const sent =
      error?.errno !== undefined || error?.reason !== undefined
        ? { errno: error.errno ?? ERRNO.EFAULT, reason: stripPrefix(error.reason ?? 'Event source failed') }
        : null;
    const ended = this.onEndSubscriptions(event, sent);
    this.pair.log(`ended ${ended} subscription(s) to ${event}${sent ? ` (${sent.reason})` : ''}`);
    return ended;
  }

  reset(): void {
    this.nextCall.clear();
    this.nextJob.clear();
    this.warning = null;
    this.frameDelayMs = 0;
    this.frameDropProbability = 0;
    if (this.vipPartitioned) this.healVip();
    this.restoreHeartbeat();
    for (const node of ['A', 'B'] as const) {
      if (!this.pair.present(node)) continue;
      setHung(this.pair, node, false);
      restore(this.pair, node);
    }
  }

  /** Seeded decision for one frame. */
  dropThisFrame(): boolean {
    return this.frameDropProbability > 0 && this.random.next() < this.frameDropProbability;
  }

  /** The injected error for this call, consumed; undefined when none. */
  takeCallFailure(method: string): Error | undefined {
    const injected = this.nextCall.get(method);
    if (!injected) return undefined;
    this.nextCall.delete(method);
    const code = injected.code ?? -32001;
    const reason = stripPrefix(injected.reason ?? 'Injected failure');
    if (code === -32602) return SimValidationErrors.one(method, reason, injected.errno ?? ERRNO.EINVAL);
    if (code === -32001) return new SimCallError(reason, injected.errno ?? ERRNO.EFAULT, injected.extra ?? null);
    if (code === -32000) return new InjectedRpcError(code, 'Maximum number of concurrent calls (20) has exceeded', null);
    const errno = injected.errno ?? ERRNO.EFAULT;
    return new InjectedRpcError(code, reason, {
      error: errno,
      errname: errnoName(errno),
      reason: `[${errnoName(errno)}] ${reason}`,
      trace: null,
      extra: injected.extra ?? null,
    });
  }

  // PairFaultHooks
  checkJobProgress(job: Job, percent: number | null): void {
    let failure = this.failingJobs.get(job);
    if (!failure) {
      const pending = this.nextJob.get(job.method);
      if (!pending) return;
      this.nextJob.delete(job.method);
      this.failingJobs.set(job, pending);
      failure = pending;
    }
    const at = failure.atPercent ?? 0;
    const effective = percent ?? job.progress.percent ?? 0;
    if (effective < at) return;
    this.failingJobs.delete(job);
    // Consumed: later progress of the same job passes.
    this.failingJobs.set(job, { atPercent: Number.POSITIVE_INFINITY });
    throw new SimCallError(stripPrefix(failure.reason ?? 'Injected job failure'), failure.errno ?? ERRNO.EFAULT);
  }

  installerWarningText(): string | null {
    return this.warning;
  }
}
