/**
 * The command line is split by node:util `parseArgs`; the CLI gives it its meaning. Every form the
 * hand-written parser took keeps working, with the same errors (exit 2 through the CLI).
 */
import { describe, expect, it } from 'vitest';
import { type OptionSpec, parseArguments, type UnknownOptionError } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { COMMON_OPTIONS, CONNECTION_OPTIONS } from '../../src/cli/options.js';

const SPECS: OptionSpec[] = [
  ...COMMON_OPTIONS,
  ...CONNECTION_OPTIONS,
  { name: 'master', type: 'boolean', negatable: true, description: '' },
  { name: 'json', type: 'boolean', description: '' },
  { name: 'job', short: 'j', type: 'boolean', description: '' },
];

const parse = (argv: string[], stopAtPositional = false) => parseArguments(argv, SPECS, { stopAtPositional });
const failure = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('arguments: node:util parseArgs underneath, the same meaning as before', () => {
  it('long options with a space or =, short aliases and groups, repeatable options, negation', () => {
    const r = parse(['--url', 'wss://a', '-u', 'wss://b', '--url=wss://c', '-jv', '--no-master', '--timeout=5', '-Ualice']);
    expect(r.values).toEqual({
      url: ['wss://a', 'wss://b', 'wss://c'],
      job: true,
      verbose: true,
      master: false,
      timeout: '5',
      username: 'alice',
    });
    expect(parse(['--master=false']).values.master).toBe(false);
    expect(parse(['--no-master=false']).values.master).toBe(true);
    expect(parse(['--no-color=true']).values.color).toBe(false);
  });

  it('positionals: -, negative numbers, and everything after --', () => {
    const r = parse(['failover.update', '-', '-1', '-2.5', '--json', '--', '--not-an-option', '-j']);
    expect(r.positionals).toEqual(['failover.update', '-', '-1', '-2.5', '--not-an-option', '-j']);
    expect(r.values).toEqual({ json: true });
  });

  it('global options stop at the command name: the rest is the command’s', () => {
    const r = parse(['--url', 'wss://nas', '-v', 'status', '--json', '-j'], true);
    expect(r.values).toEqual({ url: ['wss://nas'], verbose: true });
    expect(r.positionals).toEqual(['status', '--json', '-j']);
    expect(parse(['--', 'status'], true).positionals).toEqual(['status']);
  });

  it('errors name the option: unknown, missing value, a value for a flag, two different values', () => {
    expect(failure(['--jsno']).message).toBe('unknown option --jsno');
    expect(failure(['-x']).message).toBe('unknown option -x');
    // `--a` is a long option (controller A's address): `-a` is not its short form.
    expect(failure(['-a', 'wss://x']).message).toBe('unknown option -a');
    expect(failure(['--url']).message).toBe('--url needs a value (URL)');
    expect(failure(['--url', '--json']).message).toBe('--url needs a value (URL)');
    expect(failure(['--json=maybe']).message).toBe('--json takes no value (got "maybe")');
    expect(failure(['--master', '--no-master']).message).toBe('--no-master was given twice with different values');
    expect(failure(['--timeout', '5', '--timeout', '6']).message).toBe('--timeout was given twice with different values');
    expect(parse(['--json', '--json']).values.json).toBe(true);
    // --no- only for the booleans that say so.
    expect(failure(['--no-json']).hint).toMatch(/^--json is off unless given: leave it out\./);
    expect(failure(['--no-url']).message).toBe('unknown option --no-url');
  });

  it('an unknown option suggests the nearest known one (hidden aliases excluded)', () => {
    const hint = (argv: string[]) => (failure(argv) as UnknownOptionError).hint;
    expect(hint(['--jsno'])).toMatch(/^Did you mean --json\?/);
    expect(hint(['--conect-timeout', '5'])).toMatch(/^Did you mean --connect-timeout\?/);
    expect(hint(['--no-colour'])).toMatch(/^Did you mean --no-color\?/);
    expect(hint(['--api-key-fil', 'k'])).toMatch(/^Did you mean --api-key-file\?/);
    expect(hint(['--calltimeout', '5'])).not.toMatch(/call-timeout/);
    expect(hint(['--frobnicate'])).toBe('Run with --help for the options this command takes.');
  });
});
