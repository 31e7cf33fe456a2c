/**
 * The seed's "sync configuration": `failover.sync_to_peer` (push the active controller's
 * configuration to the standby) or `failover.sync_from_peer` (pull the standby's), then verify by
 * reading `failover.config` on both controllers and comparing them, when both addresses are known
 * (`urls: { a, b }`) and the standby can be read (see controllers.ts). Either way the standby must
 * still answer afterwards (no `NO_PONG`).
 */

import { addressOf, type PairAccess, readConfigDirect } from './controllers.js';
import { FailoverPreconditionError } from './errors/failover-precondition-error.js';
import { FailoverVerificationError } from './errors/failover-verification-error.js';
import { callMethod, type HaHost } from './host.js';
import { checkOptionTypes, stepTiming } from './options.js';
import { checkPreconditions } from './preconditions.js';
import { snapshotNow, verifyStep } from './steps.js';
import type { FailoverConfig } from './types.js';
import { type Workflow, WorkflowHandle } from './workflow.js';

export interface SyncOptions {
  signal?: AbortSignal;
  /** Longest wait for the sync call and the checks, ms. Default 120 000. */
  timeout?: number;
  /** Polling fallback between reads, ms. Default 500. */
  interval?: number;
}

export interface SyncToPeerOptions extends SyncOptions {
  /** Also reboot the standby after the copy (TrueNAS: 2 s later). Its configuration is then not read back. */
  reboot?: boolean;
}

/** How the two controllers' configurations were compared. */
export type SyncVerification =
  | { status: 'matched'; via: 'websocket' | 'rest'; peerConfig: FailoverConfig }
  | { status: 'unverified'; why: string };

export interface SyncReport {
  direction: 'to-peer' | 'from-peer';
  /** Node letters the configuration was copied from and to. */
  source: string;
  target: string;
  /** Duration of the sync call, ms. */
  syncMs: number;
  /** `failover.config` on the active controller afterwards. */
  activeConfig: FailoverConfig;
  verification: SyncVerification;
  disabledReasons: string[] | undefined;
  totalMs: number;
}

const PHASES = [
  { id: 'check', title: 'Check that both controllers answer' },
  { id: 'sync', title: 'Copy the configuration' },
  { id: 'verify', title: 'Compare the configuration on both controllers' },
];

// Reasons that mean the standby cannot receive (or send) a configuration now.
const UNREACHABLE = ['NO_PONG', 'NO_SYSTEM_READY', 'NO_HEARTBEAT_IFACE', 'NO_CARRIER_ON_HEARTBEAT'];

/** The same configuration seen from both controllers: `master` is relative to the answering one. */
function sameConfig(active: FailoverConfig, peer: FailoverConfig): boolean {
  return active.disabled === peer.disabled && active.timeout === peer.timeout && active.master !== peer.master;
}

function runSync(host: HaHost, pair: PairAccess, direction: 'to-peer' | 'from-peer', options: SyncToPeerOptions): Workflow<SyncReport> {
  const name = direction === 'to-peer' ? 'syncToPeer' : 'syncFromPeer';
  return new WorkflowHandle(name, PHASES, options.signal, async (ctx) => {
    checkOptionTypes(name, options, { reboot: 'boolean' });
    const timing = stepTiming(name, options, 120_000);
    ctx.phase('check');
    const s = await snapshotNow(host, ctx, timing);
    // Syncing from a standby would copy its older configuration over the active one's.
    await checkPreconditions(name, host, s, { enabled: false, peer: false, allowReasons: s.disabledReasons ?? [] }, ctx);
    const unreachable = (s.disabledReasons ?? []).filter((r) => UNREACHABLE.includes(r));
    if (unreachable.length > 0 || s.rebootInfo.other_node === null) {
      throw new FailoverPreconditionError(
        name,
        'peer-healthy',
        `node ${s.otherNode} cannot be reached to copy the configuration (${unreachable.join(', ') || 'failover.reboot.info has no other_node'}).`,
        s,
      );
    }
    const source = direction === 'to-peer' ? s.node : s.otherNode!;
    const target = direction === 'to-peer' ? s.otherNode! : s.node;

    ctx.phase('sync');
    ctx.progress(`copying the configuration from node ${source} to node ${target}`);
    const started = Date.now();
    if (direction === 'to-peer')
      await callMethod(host, 'failover.sync_to_peer', [{ reboot: options.reboot === true }], {
        signal: ctx.signal,
        timeout: timing.timeout,
      });
    else await callMethod(host, 'failover.sync_from_peer', [], { signal: ctx.signal, timeout: timing.timeout });
    const syncMs = Date.now() - started;

    ctx.phase('verify');
    const activeConfig = await callMethod<FailoverConfig>(host, 'failover.config', [], { signal: ctx.signal, timeout: timing.timeout });
    let verification: SyncVerification;
    const peerAddress = addressOf(pair.options, s.otherNode);
    if (options.reboot) verification = { status: 'unverified', why: `node ${target} reboots after the copy` };
    else if (!peerAddress)
      verification = { status: 'unverified', why: `the address of node ${s.otherNode} is not known (give the client urls: { a, b })` };
    else {
      ctx.progress(`reading failover.config on node ${s.otherNode} (${peerAddress})`);
      const peer = await readConfigDirect(pair, peerAddress, host.apiVersion, timing.timeout, ctx.signal);
      if (!peer.ok) verification = { status: 'unverified', why: peer.why };
      else if (!sameConfig(activeConfig, peer.value)) {
        throw new FailoverVerificationError(
          name,
          'config-matches',
          `node ${s.node} has ${JSON.stringify(activeConfig)} but node ${s.otherNode} has ${JSON.stringify(peer.value)} after the sync.`,
          activeConfig,
          peer.value,
        );
      } else verification = { status: 'matched', via: peer.via, peerConfig: peer.value };
    }
    if (verification.status === 'unverified')
      ctx.warn('not-compared', `the configuration of node ${s.otherNode} was not read back: ${verification.why}`);
    // Whatever could be compared, TrueNAS must still reach the standby after it reloaded.
    const end = options.reboot
      ? s
      : await verifyStep(
          name,
          'peer-answers',
          host,
          ctx,
          timing,
          `node ${s.otherNode} to answer after reloading its configuration`,
          (x) => x.rebootInfo.other_node !== null && !(x.disabledReasons ?? []).includes('NO_PONG'),
          { otherNode: 'answering' },
        );
    return { direction, source, target, syncMs, activeConfig, verification, disabledReasons: end.disabledReasons, totalMs: ctx.elapsed() };
  });
}

export function syncToPeer(host: HaHost, pair: PairAccess, options: SyncToPeerOptions = {}): Workflow<SyncReport> {
  return runSync(host, pair, 'to-peer', options);
}

export function syncFromPeer(host: HaHost, pair: PairAccess, options: SyncOptions = {}): Workflow<SyncReport> {
  return runSync(host, pair, 'from-peer', options);
}
