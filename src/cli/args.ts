/**
 * The command-line parser: long options (`--name value`, `--name=value`), short aliases (`-j`),
 * negatable booleans (`--master` / `--no-master`), repeatable options, `--` and positionals.
 * Written here rather than taken from a package: the CLI has no dependencies beyond the client's,
 * and errors must name the option at fault in the operator's words.
 */
import { UsageError } from './errors.js';

export interface OptionSpec {
  /** Long name without the dashes. */
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** Repeatable: the values are collected in a list. */
  multiple?: boolean;
  /** A boolean that also accepts `--no-<name>` (value false). */
  negatable?: boolean;
  /** Placeholder in help, e.g. `URL`. */
  valueName?: string;
  description: string;
  /** Not listed in help (aliases). */
  hidden?: boolean;
}

export type OptionValue = string | boolean | string[] | undefined;

export interface ParsedArgs {
  values: Record<string, OptionValue>;
  positionals: string[];
  /** Options in the order given (long names), for conflict messages. */
  seen: string[];
}

export interface ParseOptions {
  /** Stop at the first positional and return it and everything after it as positionals (global options before the command). */
  stopAtPositional?: boolean;
}

const looksLikeNumber = (token: string) => /^-\d/.test(token);

/** Parses `argv` against `specs`; throws a UsageError naming the unknown or malformed option. */
export function parseArguments(argv: readonly string[], specs: readonly OptionSpec[], options: ParseOptions = {}): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values: Record<string, OptionValue> = {};
  const positionals: string[] = [];
  const seen: string[] = [];

  const set = (spec: OptionSpec, value: string | boolean, shown: string) => {
    seen.push(spec.name);
    if (spec.multiple) {
      const list = (values[spec.name] as string[] | undefined) ?? [];
      list.push(String(value));
      values[spec.name] = list;
      return;
    }
    if (values[spec.name] !== undefined && values[spec.name] !== value) {
      throw new UsageError(`${shown} was given twice with different values`);
    }
    values[spec.name] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-' || !token.startsWith('-') || looksLikeNumber(token)) {
      if (options.stopAtPositional) {
        positionals.push(...argv.slice(i));
        break;
      }
      positionals.push(token);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let negated = false;
    let shown = token;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      shown = `--${name}`;
      spec = byLong.get(name);
      if (!spec && name.startsWith('no-')) {
        const positive = byLong.get(name.slice(3));
        if (positive?.type === 'boolean' && positive.negatable) {
          spec = positive;
          negated = true;
        }
      }
    } else {
      if (token.length !== 2)
        throw new UsageError(`unknown option ${token}`, 'Short options take one letter each (e.g. -j); run with --help for the list.');
      spec = byShort.get(token.slice(1));
    }
    if (!spec) throw new UsageError(`unknown option ${shown}`, 'Run with --help for the options this command takes.');
    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        if (!['true', 'false'].includes(inline)) throw new UsageError(`${shown} takes no value (got "${inline}")`);
        set(spec, negated ? inline === 'false' : inline === 'true', shown);
      } else set(spec, !negated, shown);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next !== '--')) {
        throw new UsageError(`${shown} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
      }
      value = next;
      i++;
    }
    set(spec, value, shown);
  }
  return { values, positionals, seen };
}

/** The string value of an option, if given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A list option (repeatable), empty when not given. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A boolean option: true, false (negated), or undefined when not given. */
export function booleanOption(args: ParsedArgs, name: string): boolean | undefined {
  const v = args.values[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** A number option within bounds, or undefined; a UsageError names the option otherwise. */
export function numberOption(
  args: ParsedArgs,
  name: string,
  bounds: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const kind = bounds.integer ? 'an integer' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(n) || (bounds.integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${kind} (got "${raw}")`);
  }
  if (bounds.min !== undefined && n < bounds.min) throw new UsageError(`--${name} must be at least ${bounds.min} (got ${raw})`);
  if (bounds.max !== undefined && n > bounds.max) throw new UsageError(`--${name} must be at most ${bounds.max} (got ${raw})`);
  return n;
}

/** Throws when two mutually exclusive options were both given. */
export function exclusive(args: ParsedArgs, ...names: string[]): void {
  const given = names.filter((n) => args.values[n] !== undefined);
  if (given.length > 1) throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} cannot be used together`);
}
