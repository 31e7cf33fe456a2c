/**
 * The seed's planned failover as one call: check that the pair can fail over, ask the active
 * controller to become passive (it reboots without answering: the dropped connection is the
 * expected outcome), follow the pair to the new MASTER, and verify: another node is MASTER, and
 * once the old one is back as standby the disabled reasons are empty.
 */
import { callMethod, type HaHost } from './host.js';
import { checkOptionTypes, type StepTiming, stepTiming } from './options.js';
import { checkPreconditions } from './preconditions.js';
import { snapshotNow, verifyStep, waitStep } from './steps.js';
import type { ControllerRef, HaSnapshot } from './types.js';
import { type Workflow, type WorkflowContext, WorkflowHandle } from './workflow.js';

export interface PlannedFailoverOptions {
  /** Stop waiting (the failover, once asked for, goes on). */
  signal?: AbortSignal;
  /** Longest wait for each step (new MASTER, old master back), ms. Default 600 000 (real pairs take minutes). */
  timeout?: number;
  /** Polling fallback between reads, ms. Default 500. */
  interval?: number;
  /** Wait for the old active controller to return as a healthy standby (default true). */
  waitForPeer?: boolean;
  /** Disabled reasons that do not block the start; the end still needs none. */
  allowReasons?: readonly string[];
}

export interface PlannedFailoverReport {
  /** The controller that was active. */
  from: ControllerRef;
  /** The controller active now. */
  to: ControllerRef;
  /** Node letter of the MASTER now. */
  master: string;
  /**
   * From the moment the old master dropped the connection to the first answer of the new MASTER,
   * ms: how long this client (and clients of the VIP) saw no active controller.
   */
  noMasterMs: number;
  /** Until the old master was back as a healthy standby, ms since the request; null when not waited for. */
  peerBackMs: number | null;
  totalMs: number;
  /** Disabled reasons at the end ([] once the old master is back). */
  disabledReasons: string[] | undefined;
}

export const PLANNED_FAILOVER_PHASES = [
  { id: 'check', title: 'Check that the pair can fail over' },
  { id: 'become-passive', title: 'The active controller becomes passive (it reboots)' },
  { id: 'new-master', title: 'The standby takes over (follow the pair to the new MASTER)' },
  { id: 'verify', title: 'The old active controller returns as a healthy standby' },
];

const NAME = 'plannedFailover';

/** How a larger workflow names the failover's phases, and what else it checks at the end. */
export interface FailOverSteps {
  phases: { passive: string; newMaster: string; verify: string };
  /** Disabled reasons and reboot info must satisfy this too once the old master is back. */
  alsoAtEnd?: (s: HaSnapshot) => boolean;
}

const OWN_STEPS: FailOverSteps = { phases: { passive: 'become-passive', newMaster: 'new-master', verify: 'verify' } };

/** Fails over from the controller `from` describes; used by the planned failover and the rolling upgrade. */
export async function failOver(
  workflow: string,
  host: HaHost,
  ctx: WorkflowContext,
  timing: StepTiming,
  from: HaSnapshot,
  waitForPeer: boolean,
  steps: FailOverSteps = OWN_STEPS,
): Promise<PlannedFailoverReport> {
  const fromRef: ControllerRef = { node: from.node, bootId: from.rebootInfo.this_node.boot_id };
  const asked = Date.now();
  ctx.phase(steps.phases.passive);
  ctx.progress(`asking node ${from.node} to become passive; it reboots without answering`);
  // The client resolves become_passive when the connection drops after sending it: that drop is
  // the success. A refusal (failover disabled in the meantime) rejects.
  await callMethod(host, 'failover.become_passive', [], { signal: ctx.signal, timeout: timing.timeout });
  const dropped = Date.now();

  ctx.phase(steps.phases.newMaster);
  const now = await waitStep(
    host,
    ctx,
    timing,
    `node ${from.otherNode} to answer as MASTER`,
    (s) => s.node !== from.node && (s.status === 'MASTER' || s.status === undefined),
  );
  const noMasterMs = Math.max(0, now.readAt - dropped);
  const to: ControllerRef = { node: now.node, bootId: now.rebootInfo.this_node.boot_id };
  ctx.progress(`node ${now.node} is MASTER; no controller answered as active for ${(noMasterMs / 1000).toFixed(1)} s`);
  if (!waitForPeer) {
    return {
      from: fromRef,
      to,
      master: now.node,
      noMasterMs,
      peerBackMs: null,
      totalMs: ctx.elapsed(),
      disabledReasons: now.disabledReasons,
    };
  }

  ctx.phase(steps.phases.verify);
  const back = await verifyStep(
    workflow,
    'peer-back',
    host,
    ctx,
    timing,
    `node ${from.node} to return as a healthy standby (rebooted, no disabled reasons)`,
    (s) =>
      s.node === now.node &&
      (s.status === 'MASTER' || s.status === undefined) &&
      s.rebootInfo.other_node !== null &&
      s.rebootInfo.other_node.boot_id !== fromRef.bootId &&
      (s.disabledReasons === undefined || s.disabledReasons.length === 0) &&
      (steps.alsoAtEnd?.(s) ?? true),
    { node: from.node, rebooted: true, disabledReasons: [] },
  );
  return {
    from: fromRef,
    to,
    master: back.node,
    noMasterMs,
    peerBackMs: Date.now() - asked,
    totalMs: ctx.elapsed(),
    disabledReasons: back.disabledReasons,
  };
}

export function plannedFailover(host: HaHost, options: PlannedFailoverOptions = {}): Workflow<PlannedFailoverReport> {
  const phases = options.waitForPeer === false ? PLANNED_FAILOVER_PHASES.slice(0, 3) : PLANNED_FAILOVER_PHASES;
  return new WorkflowHandle(NAME, phases, options.signal, async (ctx) => {
    checkOptionTypes(NAME, options, { waitForPeer: 'boolean', allowReasons: 'string[]' });
    const timing = stepTiming(NAME, options, 600_000);
    ctx.phase('check');
    const from = await snapshotNow(host, ctx, timing);
    await checkPreconditions(NAME, host, from, { allowReasons: options.allowReasons }, ctx);
    ctx.progress(`node ${from.node} is MASTER and node ${from.otherNode} is ready to take over`);
    return failOver(NAME, host, ctx, timing, from, options.waitForPeer !== false);
  });
}
