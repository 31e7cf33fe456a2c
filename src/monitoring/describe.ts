/**
 * Words for a watched pair: one line per change (the exporter's log, the status page's history) and
 * the Nagios/Icinga verdict of a state (the `check` command, the status page). Browser-safe.
 */
import { reasonMeaning } from '../ha/reasons.js';
import type { PairChange, PairState } from './types.js';

const list = (codes: readonly string[]) => codes.join(', ');

/** One line describing a change, without the pair's name or the time. */
export function describeChange(change: PairChange): string {
  switch (change.kind) {
    case 'reachable':
      return 'reachable again';
    case 'unreachable':
      return `unreachable: ${change.error}`;
    case 'master':
      return `MASTER moved from node ${change.from ?? '?'} to node ${change.to}`;
    case 'status':
      return `node ${change.node}: ${change.from ?? 'unknown'} → ${change.to ?? 'unknown'}`;
    case 'failover':
      return change.disabled ? 'failover administratively DISABLED' : 'failover enabled again';
    case 'reasons': {
      const parts: string[] = [];
      if (change.added.length) parts.push(`new disabled reasons: ${change.added.map((c) => `${c} (${reasonMeaning(c)})`).join(', ')}`);
      if (change.removed.length) parts.push(`cleared: ${list(change.removed)}`);
      return parts.join('; ') || 'disabled reasons changed';
    }
    case 'reboot-required':
      return change.reasons.length
        ? `node ${change.node} must reboot (${list(change.reasons)})`
        : `node ${change.node} no longer needs a reboot`;
  }
}

/** Nagios/Icinga service states (Monitoring Plugins exit codes). */
export const PLUGIN_STATE = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type PluginStateName = keyof typeof PLUGIN_STATE;

/** The verdict on a pair by the Monitoring Plugins conventions. */
export interface Assessment {
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN: the plugin's exit code. */
  code: 0 | 1 | 2 | 3;
  state: PluginStateName;
  /** `node A MASTER, node B BACKUP, failover enabled`, then the problems found, worst first. */
  text: string;
  /** Each problem with its own state, worst first. */
  problems: { state: PluginStateName; text: string }[];
}

// Disabled reasons that only warn: failover switched off on purpose, the standby still booting, a
// pending reboot. Every other reason means that no automatic failover can happen now: critical.
const WARNING_REASONS: ReadonlySet<string> = new Set(['NO_FAILOVER', 'NO_SYSTEM_READY']);
const warnsOnly = (code: string) => WARNING_REASONS.has(code) || code.endsWith('_REBOOT_REQ');

function reasonProblem(code: string): { state: PluginStateName; text: string } {
  if (code === 'NO_FAILOVER') return { state: 'WARNING', text: 'failover administratively disabled' };
  if (code === 'NO_SYSTEM_READY') return { state: 'WARNING', text: 'the standby is not ready yet (NO_SYSTEM_READY)' };
  return { state: warnsOnly(code) ? 'WARNING' : 'CRITICAL', text: `${code}: ${reasonMeaning(code)}` };
}

// Worst first, as the Monitoring Plugins' max_state_alt ranks them.
const WORST: readonly PluginStateName[] = ['CRITICAL', 'WARNING', 'UNKNOWN', 'OK'];

/**
 * The Nagios verdict: UNKNOWN when the pair cannot be read (unreachable, login refused, status not
 * readable); CRITICAL without a MASTER, with a controller in ERROR, or a disabled reason that stops
 * automatic failover; WARNING when failover is administratively disabled, a controller must reboot,
 * or the standby is not ready yet; else OK.
 */
export function assessPair(state: PairState): Assessment {
  const ha = state.ha;
  if (!state.up || !ha) {
    const why = state.errorKind === 'auth' ? 'login refused' : 'cannot reach the pair';
    const text = `${why}: ${state.error ?? 'not read yet'}`;
    return { code: 3, state: 'UNKNOWN', text, problems: [{ state: 'UNKNOWN', text }] };
  }
  const problems: { state: PluginStateName; text: string }[] = [];
  const reached = ha.controllers[0];
  if (reached?.status === undefined) problems.push({ state: 'UNKNOWN', text: 'failover.status cannot be read over this transport' });
  else if (!ha.licensed) problems.push({ state: 'CRITICAL', text: `not HA-licensed (status ${reached.status})` });
  else if (ha.master === undefined) problems.push({ state: 'CRITICAL', text: 'no controller is MASTER' });
  for (const c of ha.controllers) if (c.status === 'ERROR') problems.push({ state: 'CRITICAL', text: `node ${c.node} is in ERROR` });
  const reasons = ha.disabledReasons ?? [];
  if (ha.failoverDisabled && !reasons.includes('NO_FAILOVER')) problems.push(reasonProblem('NO_FAILOVER'));
  for (const code of reasons) problems.push(reasonProblem(code));
  for (const c of ha.controllers) {
    if (c.rebootRequired?.length) problems.push({ state: 'WARNING', text: `node ${c.node} must reboot (${list(c.rebootRequired)})` });
  }
  problems.sort((x, y) => WORST.indexOf(x.state) - WORST.indexOf(y.state));
  const worst = problems[0]?.state ?? 'OK';
  const nodes = ha.controllers.map((c) => `node ${c.node} ${c.status ?? 'unknown'}`).join(', ');
  const summary = `${nodes}, failover ${ha.failoverDisabled ? 'disabled' : 'enabled'}`;
  const text = problems.length ? `${summary}: ${problems.map((p) => p.text).join('; ')}` : summary;
  return { code: PLUGIN_STATE[worst], state: worst, text, problems };
}
