/**
 * The seed's maintenance pair: `emergencyDisable()` (`failover.update({disabled: true})`) and
 * `reenable()` (`{disabled: false}`). Disabling forces the designated master to be active: when
 * that is not the controller active now, the VIP moves, and the workflow warns before it asks
 * (and asks `confirm`, when given). Re-enabling keeps the designated master as it is and checks
 * that failover really works again: configuration enabled and no disabled reasons.
 */
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { FailoverPreconditionError } from './errors/failover-precondition-error.js';
import { callMethod, type HaHost } from './host.js';
import { checkOptionTypes, stepTiming } from './options.js';
import { checkPreconditions, isActive } from './preconditions.js';
import { snapshotNow, verifyStep } from './steps.js';
import type { FailoverConfig, HaSnapshot } from './types.js';
import { type Workflow, type WorkflowContext, WorkflowHandle } from './workflow.js';

/** Which controller is (or stays) the designated master: the one the client reaches, the other one, or a node letter. */
export type MasterChoice = 'this' | 'other' | 'A' | 'B';

/** What a maintenance workflow is about to do; given to `confirm`. */
export interface MaintenancePlan {
  action: 'disable' | 'enable';
  /** The controller the client reaches. */
  node: string;
  /** The controller active now, when known. */
  activeNode: string | undefined;
  /** Designated master before and after. */
  designatedMasterBefore: string | undefined;
  designatedMaster: 'A' | 'B';
  /** Disabling makes the designated master take over: true when that moves the VIP. */
  vipMoves: boolean;
  /** The `failover.update` argument that will be sent. */
  update: { disabled: boolean; master?: boolean };
  before: FailoverConfig;
}

export interface MaintenanceOptions {
  signal?: AbortSignal;
  /** Longest wait for the pair to settle, ms. Default 120 000. */
  timeout?: number;
  /** Polling fallback between reads, ms. Default 500. */
  interval?: number;
  /** Asked before anything changes; resolve false to cancel (`FailoverPreconditionError`, precondition `confirmed`). */
  confirm?: (plan: MaintenancePlan) => boolean | Promise<boolean>;
}

export interface EmergencyDisableOptions extends MaintenanceOptions {
  /** Designated master while disabled (default `this`: the controller reached, normally the active one, so nothing moves). */
  master?: MasterChoice;
}

export interface ReenableOptions extends MaintenanceOptions {
  /** Designated master once enabled (default `keep`: unchanged). */
  master?: MasterChoice | 'keep';
}

export interface MaintenanceReport {
  plan: MaintenancePlan;
  /** False when the configuration already was as asked (nothing sent). */
  changed: boolean;
  /** The controller active at the end. */
  activeNode: string;
  vipMoved: boolean;
  config: FailoverConfig;
  disabledReasons: string[] | undefined;
  /**
   * Set when the `failover.update` answer was lost with the connection (the VIP moved under it):
   * the outcome was established by reading the state back, not by sending it again.
   */
  recoveredFromLostAnswer: boolean;
  totalMs: number;
}

const PHASES = [
  { id: 'check', title: 'Read the pair and plan the change' },
  { id: 'update', title: 'Change the failover configuration' },
  { id: 'verify', title: 'Check that the pair got there' },
];

/** The controller active now; over REST on 25.10 (no status) the one holding the VIPs. */
async function activeNodeOf(host: HaHost, s: HaSnapshot, ctx: WorkflowContext): Promise<string | undefined> {
  if (s.status === 'MASTER') return s.node;
  if (s.status === 'BACKUP') return s.otherNode;
  if (s.status !== undefined) return undefined;
  return (await isActive(host, s, { signal: ctx.signal, timeout: 30_000 })) ? s.node : s.otherNode;
}

function resolveMaster(s: HaSnapshot, choice: MasterChoice): 'A' | 'B' {
  if (choice === 'A' || choice === 'B') return choice;
  if (choice === 'other') return s.otherNode!;
  return s.node as 'A' | 'B';
}

async function plan(workflow: string, host: HaHost, s: HaSnapshot, disabled: boolean, choice: MasterChoice | 'keep', ctx: WorkflowContext) {
  await checkPreconditions(workflow, host, s, { active: false, enabled: false, peer: false, allowReasons: s.disabledReasons ?? [] }, ctx);
  if (!['this', 'other', 'A', 'B', 'keep'].includes(choice))
    throw new TypeError(`${workflow}: options.master must be 'this', 'other', 'A' or 'B'`);
  const legacy = (host.apiVersion ?? '').startsWith('v25.04');
  const designatedMaster = choice === 'keep' ? (s.designatedMaster ?? (s.node as 'A' | 'B')) : resolveMaster(s, choice);
  if (legacy && designatedMaster !== s.node) {
    // 25.04 makes the answering controller the designated master whatever `master` says.
    throw new FailoverPreconditionError(
      workflow,
      'supported-by-version',
      `TrueNAS 25.04 always makes the controller answering failover.update (node ${s.node}) the designated master, so node ${designatedMaster} cannot be chosen.`,
      s,
      `Connect to node ${designatedMaster} to make it the designated master.`,
    );
  }
  const update = legacy ? { disabled } : { disabled, master: designatedMaster === s.node };
  const activeNode = await activeNodeOf(host, s, ctx);
  const result: MaintenancePlan = {
    action: disabled ? 'disable' : 'enable',
    node: s.node,
    activeNode,
    designatedMasterBefore: s.designatedMaster,
    designatedMaster,
    vipMoves: disabled && activeNode !== undefined && designatedMaster !== activeNode,
    update,
    before: s.config,
  };
  return result;
}

async function confirmed(workflow: string, p: MaintenancePlan, s: HaSnapshot, options: MaintenanceOptions): Promise<void> {
  if (!options.confirm) return;
  if (!(await options.confirm(p))) throw new FailoverPreconditionError(workflow, 'confirmed', 'the change was not confirmed.', s);
}

/** Sends the update once. A lost answer is not repeated: the verification reads the outcome instead. */
async function sendUpdate(
  host: HaHost,
  p: MaintenancePlan,
  ctx: WorkflowContext,
  timeout: number,
): Promise<OutcomeUnknownError | undefined> {
  ctx.progress(`failover.update(${JSON.stringify(p.update)})`);
  try {
    await callMethod(host, 'failover.update', [p.update], { signal: ctx.signal, timeout });
    return undefined;
  } catch (error) {
    if (!(error instanceof OutcomeUnknownError)) throw error;
    ctx.progress('the connection dropped before the answer (the VIP moves); reading the configuration back instead of repeating the call');
    return error;
  }
}

/** What a maintenance workflow ends with: its plan and the verified state of the pair. */
function report(
  p: MaintenancePlan,
  already: boolean,
  end: HaSnapshot,
  lost: OutcomeUnknownError | undefined,
  ctx: WorkflowContext,
): MaintenanceReport {
  return {
    plan: p,
    changed: !already,
    activeNode: end.node,
    vipMoved: p.activeNode !== undefined && end.node !== p.activeNode,
    config: end.config,
    disabledReasons: end.disabledReasons,
    recoveredFromLostAnswer: lost !== undefined,
    totalMs: ctx.elapsed(),
  };
}

export function emergencyDisable(host: HaHost, options: EmergencyDisableOptions = {}): Workflow<MaintenanceReport> {
  const name = 'emergencyDisable';
  return new WorkflowHandle(name, PHASES, options.signal, async (ctx) => {
    checkOptionTypes(name, options, { master: 'string', confirm: 'function' });
    const timing = stepTiming(name, options, 120_000);
    ctx.phase('check');
    const s = await snapshotNow(host, ctx, timing);
    const p = await plan(name, host, s, true, options.master ?? 'this', ctx);
    if (p.vipMoves) {
      ctx.warn(
        'vip-moves',
        `node ${p.designatedMaster} becomes the designated master and is forced to take over: the VIP moves from node ${p.activeNode} to node ${p.designatedMaster}; connections through the VIP drop for a few seconds`,
      );
    }
    await confirmed(name, p, s, options);
    const already = s.config.disabled && s.designatedMaster === p.designatedMaster;
    ctx.phase('update');
    let lost: OutcomeUnknownError | undefined;
    if (already) ctx.progress('failover is already disabled with this designated master; nothing to change');
    else lost = await sendUpdate(host, p, ctx, timing.timeout);
    ctx.phase('verify');
    const expected = { disabled: true, active: p.designatedMaster, reason: 'NO_FAILOVER' };
    const end = await verifyStep(
      name,
      'failover-disabled',
      host,
      ctx,
      timing,
      `failover to be disabled with node ${p.designatedMaster} active`,
      (x) =>
        x.config.disabled &&
        x.node === p.designatedMaster &&
        (x.status === 'MASTER' || x.status === undefined) &&
        (x.disabledReasons === undefined || x.disabledReasons.includes('NO_FAILOVER')),
      expected,
    ).catch((error) => {
      throw lost ?? error;
    });
    return report(p, already, end, lost, ctx);
  });
}

export function reenable(host: HaHost, options: ReenableOptions = {}): Workflow<MaintenanceReport> {
  const name = 'reenable';
  return new WorkflowHandle(name, PHASES, options.signal, async (ctx) => {
    checkOptionTypes(name, options, { master: 'string', confirm: 'function' });
    const timing = stepTiming(name, options, 120_000);
    ctx.phase('check');
    const s = await snapshotNow(host, ctx, timing);
    const p = await plan(name, host, s, false, options.master ?? 'keep', ctx);
    if (p.activeNode !== undefined && p.designatedMaster !== p.activeNode) {
      ctx.warn(
        'designated-master-elsewhere',
        `node ${p.designatedMaster} is the designated master while node ${p.activeNode} is active: enabling failover does not move the VIP, but node ${p.designatedMaster} is preferred at the next election`,
      );
    }
    await confirmed(name, p, s, options);
    const already = !s.config.disabled && s.designatedMaster === p.designatedMaster;
    ctx.phase('update');
    let lost: OutcomeUnknownError | undefined;
    if (already) ctx.progress('failover is already enabled; checking that it works');
    else lost = await sendUpdate(host, p, ctx, timing.timeout);
    ctx.phase('verify');
    const end = await verifyStep(
      name,
      'failover-enabled',
      host,
      ctx,
      timing,
      'failover to be enabled with no disabled reasons',
      (x) => !x.config.disabled && (x.disabledReasons === undefined || x.disabledReasons.length === 0),
      { disabled: false, disabledReasons: [] },
    ).catch((error) => {
      throw lost ?? error;
    });
    return report(p, already, end, lost, ctx);
  });
}
