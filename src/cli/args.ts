/**
 * The command line: node:util `parseArgs` splits it into tokens (long options with `--name value`
 * or `--name=value`, short options and groups such as `-jv`, `--` and positionals); this module
 * gives them the CLI's meaning: negatable booleans (`--master` / `--no-master`), repeatable
 * options, numbers such as `-1` as positionals, and errors that name the option at fault in the
 * operator's words, with a "did you mean" for a mistyped one.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';

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

/** An option no spec declares; `option` is as typed (`--jsno`, `-x`). */
export class UnknownOptionError extends UsageError {
  readonly option: string;
  constructor(option: string, specs: readonly OptionSpec[]) {
    const names = specs.filter((s) => !s.hidden).flatMap((s) => [s.name, ...(s.negatable ? [`no-${s.name}`] : [])]);
    const positive = option.startsWith('--no-') ? specs.find((s) => s.name === option.slice(5) && s.type === 'boolean') : undefined;
    const suggestion = positive
      ? `--${positive.name} is off unless given: leave it out.`
      : option.startsWith('--')
        ? didYouMean(option.slice(2), names, (n) => `--${n}`)
        : undefined;
    super(`unknown option ${option}`, [suggestion, 'Run with --help for the options this command takes.'].filter(Boolean).join(' '));
    this.name = 'UnknownOptionError';
    this.option = option;
  }
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];
type OptionToken = Extract<Token, { kind: 'option' }>;

const looksLikeNumber = (token: string) => /^-\d/.test(token);

/** The spec an option token names, and whether it was negated (`--no-master`). */
function specOf(token: OptionToken, byLong: ReadonlyMap<string, OptionSpec>): { spec: OptionSpec; negated: boolean } | undefined {
  const long = token.rawName.startsWith('--');
  const spec = byLong.get(token.name);
  // parseArgs names a known short option by its long name; an unknown `-a` must not find `--a`.
  if (spec && (long || spec.short === token.rawName.slice(1))) return { spec, negated: false };
  if (long && token.name.startsWith('no-')) {
    const positive = byLong.get(token.name.slice(3));
    if (positive?.type === 'boolean' && positive.negatable) return { spec: positive, negated: true };
  }
  return undefined;
}

/** Parses `argv` against `specs`; throws a UsageError naming the unknown or malformed option. */
export function parseArguments(argv: readonly string[], specs: readonly OptionSpec[], options: ParseOptions = {}): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const config = Object.fromEntries(
    specs.map((s) => [s.name, { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.multiple ? { multiple: true } : {}) }]),
  );
  // Not strict: unknown options come back as tokens, so that the errors can suggest the right one.
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
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

  let numberAt = -1;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      positionals.push(...argv.slice(token.index + 1));
      break;
    }
    // A negative number (`-1`, `-1.5`) is an argument, not short options.
    const number = token.kind === 'option' && looksLikeNumber(argv[token.index]!);
    if (token.kind === 'positional' || number) {
      if (options.stopAtPositional) {
        positionals.push(...argv.slice(token.index));
        break;
      }
      if (token.kind === 'positional') positionals.push(token.value);
      else if (numberAt !== token.index) positionals.push(argv[(numberAt = token.index)]!);
      continue;
    }
    const found = specOf(token, byLong);
    const shown = token.rawName;
    if (!found) throw new UnknownOptionError(shown, specs);
    const { spec, negated } = found;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        if (!['true', 'false'].includes(token.value)) throw new UsageError(`${shown} takes no value (got "${token.value}")`);
        set(spec, negated ? token.value === 'false' : token.value === 'true', shown);
      } else set(spec, !negated, shown);
      continue;
    }
    // parseArgs takes the next word as the value, even `--json`: that one was meant as an option.
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--') && value !== '--')) {
      throw new UsageError(`${shown} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
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
