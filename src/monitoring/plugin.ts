/**
 * Monitoring Plugins conventions for `check`: threshold ranges (`10`, `10:`, `~:10`, `10:20`,
 * `@10:20`) and the one output line `HA STATE - text | perfdata`. Written here: the format is
 * a few lines and no maintained npm package implements it.
 */
import { type Assessment, PLUGIN_STATE, type PluginStateName } from './describe.js';

/** A threshold range: alert when the value is outside [start, end] (or inside, with `@`). */
export interface PluginRange {
  start: number;
  end: number;
  inside: boolean;
  /** As given, for perfdata. */
  text: string;
}

/** Parses a range; throws a `RangeError` naming `option` when it is not one. */
export function parseRange(text: string, option: string): PluginRange {
  const m = /^(@)?(?:(~|[-+]?\d+(?:\.\d+)?):)?([-+]?\d+(?:\.\d+)?)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) {
    throw new RangeError(`${option} must be a number or a Nagios range such as 10, 10:, ~:10, 10:20 or @10:20 (got "${text}")`);
  }
  const start = m[2] === '~' ? Number.NEGATIVE_INFINITY : m[2] === undefined ? 0 : Number(m[2]);
  const end = m[3] === undefined ? Number.POSITIVE_INFINITY : Number(m[3]);
  if (start > end) throw new RangeError(`${option}: the range ${text} starts after it ends`);
  return { start, end, inside: m[1] === '@', text: text.trim() };
}

/** True when `value` should raise the alert of `range`. */
export function alerts(range: PluginRange, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

/** One perfdata item: `label=value[unit];warn;crit;min;max`. */
export function perfItem(label: string, value: number, unit = '', warn?: PluginRange, crit?: PluginRange, min?: number): string {
  const round = Math.round(value * 1000) / 1000;
  const tail = [warn?.text ?? '', crit?.text ?? '', min === undefined ? '' : String(min)];
  while (tail.length && tail[tail.length - 1] === '') tail.pop();
  return `${label}=${round}${unit}${tail.length ? `;${tail.join(';')}` : ''}`;
}

/** The plugin line: `HA OK - text | perf…` (the text has no `|`, which would start the perfdata). */
export function pluginLine(state: PluginStateName, text: string, perf: readonly string[]): string {
  const clean = text.replace(/\|/g, '/').replace(/\s*\n\s*/g, ' ');
  return `HA ${state} - ${clean}${perf.length ? ` | ${perf.join(' ')}` : ''}`;
}

/** The assessment with the response-time thresholds applied (the worse state wins). */
export function withTimeThresholds(assessment: Assessment, seconds: number, warn?: PluginRange, crit?: PluginRange): Assessment {
  if (assessment.state === 'UNKNOWN') return assessment;
  const over = crit && alerts(crit, seconds) ? 'CRITICAL' : warn && alerts(warn, seconds) ? 'WARNING' : undefined;
  if (!over) return assessment;
  const problem = {
    state: over,
    text: `the check took ${seconds.toFixed(2)} s (${over} range ${over === 'CRITICAL' ? crit!.text : warn!.text})`,
  } as const;
  const state = PLUGIN_STATE[over] > assessment.code ? over : assessment.state;
  return { code: PLUGIN_STATE[state], state, text: `${assessment.text}; ${problem.text}`, problems: [...assessment.problems, problem] };
}
