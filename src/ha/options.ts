/**
 * Checking a workflow's options before anything is sent: a wrong type is a `TypeError` naming the
 * workflow and the field, never a half-done operation.
 */
import { checkSignal } from '../util/signal.js';

export interface StepTiming {
  /** Longest wait for each step, ms. */
  timeout: number;
  /** Polling fallback between reads, ms. */
  interval: number;
}

type Kind = 'boolean' | 'string' | 'function' | 'string[]' | 'boolean|function';

function matches(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'boolean|function':
      return typeof value === 'boolean' || typeof value === 'function';
    default:
      return typeof value === kind;
  }
}

/** Throws when an option present in `options` has the wrong type. */
export function checkOptionTypes(workflow: string, options: unknown, kinds: Record<string, Kind>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${workflow}: options must be an object`);
  const values = options as Record<string, unknown>;
  for (const [field, kind] of Object.entries(kinds)) {
    const value = values[field];
    if (value !== undefined && !matches(value, kind))
      throw new TypeError(`${workflow}: options.${field} must be ${kind.replace('|', ' or ').replace('string[]', 'a list of strings')}`);
  }
  checkSignal(workflow, values.signal);
}

function positive(workflow: string, field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`${workflow}: options.${field} must be a positive number of milliseconds`);
  }
  return value;
}

/** `timeout` and `interval` of a workflow, with their defaults. */
export function stepTiming(workflow: string, options: { timeout?: number; interval?: number }, fallbackTimeout: number): StepTiming {
  return {
    timeout: positive(workflow, 'timeout', options.timeout, fallbackTimeout),
    interval: positive(workflow, 'interval', options.interval, 500),
  };
}
