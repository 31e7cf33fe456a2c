/**
 * Planned failover on plain client calls: check that the pair can fail over, ask the active
 * controller to become passive (it reboots without answering), follow the VIP to the new MASTER,
 * then wait for the old one to come back as a healthy standby. Reports which node is active and
 * for how long no controller answered as MASTER.
 */
import type { Client } from '../../client/types.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { reasonMeaning } from './reasons.js';
import { done, notYet, waitFor } from './wait.js';

export interface PhaseReporter {
  phase(index: number, total: number, title: string): void;
  update(percent: number | null, description: string | null | undefined): void;
  note(text: string): void;
}

export interface PlannedFailoverOptions {
  signal: AbortSignal;
  /** Longest wait for each step (new MASTER, old master back), ms. */
  waitTimeout: number;
  /** Also wait for the old active controller to return as standby (default true). */
  waitForPeer: boolean;
  /** Disabled reasons that do not block the start (a rolling upgrade fails over with MISMATCH_VERSIONS); the end still needs none. */
  allowReasons?: readonly string[];
  reporter: PhaseReporter;
  /** Numbering of the phases within a larger workflow. */
  phases?: { first: number; total: number };
}

export interface PlannedFailoverReport {
  from: { node: string | null; bootId: string | null };
  to: { node: string | null; bootId: string | null };
  /** From the request to the first answer of the new MASTER, ms (clients of the VIP saw no active controller meanwhile). */
  noMasterMs: number;
  /** Until the old active controller was back as a healthy standby, ms; null when not waited for. */
  peerBackMs: number | null;
  /** Disabled reasons at the end ([] = healthy). */
  reasons: string[];
}

const call = { timeout: 5000 };

/** Refuses, with the reason and what to do, when a planned failover cannot or should not start. */
export async function checkFailoverPreconditions(
  client: Client,
  allowReasons: readonly string[] = [],
): Promise<{ node: string; bootId: string | null }> {
  const [licensed, status, node, config, reasons, info] = await Promise.all([
    client.failover.licensed(),
    client.failover.status(),
    client.failover.node(),
    client.failover.config(),
    client.failover.disabled.reasons(),
    client.failover.reboot.info(),
  ]);
  if (!licensed) throw new CliError('This system is not HA-licensed: there is no other controller to fail over to.', EXIT.FAILED);
  if (status !== 'MASTER') {
    throw new CliError(
      `Node ${node} is ${status}, not the active controller: asking it to become passive would only reboot it.`,
      EXIT.NOT_MASTER,
      'Connect through the VIP (--vip or --url of the virtual IP).',
    );
  }
  if (config.disabled) {
    throw new CliError(
      'Failover is administratively disabled: the standby would not take over.',
      EXIT.FAILOVER_DISABLED,
      'Run `truenas-failover enable` first.',
    );
  }
  const blocking = reasons.map(String).filter((r) => !allowReasons.includes(r));
  if (blocking.length > 0) {
    throw new CliError(
      `The pair is not ready for a failover: ${blocking.map((r) => `${r} (${reasonMeaning(r)})`).join('; ')}.`,
      EXIT.DISABLED_REASONS,
      'Fix the disabled reasons first; `truenas-failover status` explains them.',
    );
  }
  const bootId = (info as { this_node?: { boot_id?: string } }).this_node?.boot_id ?? client.controller?.bootId ?? null;
  return { node: String(node), bootId };
}

export async function plannedFailover(client: Client, options: PlannedFailoverOptions): Promise<PlannedFailoverReport> {
  const { reporter, signal } = options;
  const first = options.phases?.first ?? 1;
  const total = options.phases?.total ?? (options.waitForPeer ? 2 : 1);
  const from = await checkFailoverPreconditions(client, options.allowReasons);

  reporter.phase(first, total, `Node ${from.node} becomes passive; the standby takes over the VIP`);
  reporter.update(null, `asking node ${from.node} to become passive (it reboots without answering)`);
  const asked = Date.now();
  // The client resolves become_passive with null when the connection drops after sending: the
  // drop is the success. A refusal (failover disabled meanwhile) still throws.
  await client.failover.become_passive({ timeout: 60_000, signal });
  reporter.update(null, 'waiting for the other controller to become MASTER');
  const to = await waitFor(
    'the other controller to become MASTER',
    async () => {
      const [node, status] = await Promise.all([client.failover.node(call), client.failover.status(call)]);
      if (node !== from.node && status === 'MASTER') return done({ node: String(node), bootId: client.controller?.bootId ?? null });
      return notYet(`node ${node} is ${status}`);
    },
    { timeout: options.waitTimeout, interval: 250, signal, onObservation: (t) => reporter.update(null, t) },
  );
  const noMasterMs = Date.now() - asked;
  reporter.note(`  node ${to.node} is MASTER after ${(noMasterMs / 1000).toFixed(1)} s`);
  if (!options.waitForPeer) {
    const reasons = (await client.failover.disabled.reasons(call)).map(String);
    return { from, to, noMasterMs, peerBackMs: null, reasons };
  }

  reporter.phase(first + 1, total, `Node ${from.node} reboots and returns as the standby`);
  reporter.update(null, `waiting for node ${from.node} to come back`);
  const reasons = await waitFor(
    `node ${from.node} to return as a healthy standby`,
    async () => {
      const [r, info] = await Promise.all([client.failover.disabled.reasons(call), client.failover.reboot.info(call)]);
      const other = (info as { other_node?: { boot_id?: string } | null }).other_node;
      const rebooted = other?.boot_id !== undefined && other.boot_id !== from.bootId;
      const left = r.map(String);
      if (rebooted && left.length === 0) return done(r.map(String));
      if (!other) return notYet(`node ${from.node} is not answering yet (rebooting)`);
      return notYet(left.length ? `node ${from.node} is back; waiting for: ${left.join(', ')}` : `node ${from.node} has not rebooted yet`);
    },
    { timeout: options.waitTimeout, interval: 500, signal, onObservation: (t) => reporter.update(null, t) },
  );
  return { from, to, noMasterMs, peerBackMs: Date.now() - asked, reasons };
}
