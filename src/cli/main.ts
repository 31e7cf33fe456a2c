/**
 * The CLI's top level: global options, the command, its options, then the command itself inside
 * a context that closes every client at the end and turns every error into one line, a hint and
 * an exit code. `runCli` has no process-wide side effects beyond signal handlers, so that `demo`
 * can run real commands in-process.
 */
// Inlined by the build (the CLI's chunk only); the version is what `--version` prints.
import packageJson from '../../package.json' with { type: 'json' };
import { API_VERSIONS } from '../generated/index.js';
import { type OptionSpec, type ParsedArgs, parseArguments, UnknownOptionError } from './args.js';
import { COMMANDS, findCommand, subCommands } from './commands/index.js';
import { type CommandSpec, createContext } from './context.js';
import { describeError, InterruptedError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { commandHelp, mainHelp, PROGRAM } from './help.js';
import { installInterrupts } from './interrupt.js';
import { COMMON_OPTIONS, CONNECTION_OPTIONS } from './options.js';
import { Output, type TextStream } from './output.js';
import { createConfirmer } from './prompt.js';
import { useColour } from './style.js';
import { didYouMean } from './suggest.js';

export interface CliIo {
  stdout: TextStream;
  stderr: TextStream;
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  /** An outer signal (demo): no signal handlers are installed then. */
  signal?: AbortSignal;
}

function optionsFor(command: CommandSpec): OptionSpec[] {
  // The command's own options take precedence (update --timeout is the failover timeout).
  const own = new Set(command.options.map((o) => o.name));
  const shared = [...COMMON_OPTIONS, ...(command.connects ? CONNECTION_OPTIONS : [])].filter((o) => !own.has(o.name));
  return [...command.options, ...shared];
}

function makeOutput(io: CliIo, global: ParsedArgs, args: ParsedArgs | undefined): Output {
  const flag = (args?.values.color ?? global.values.color) as boolean | undefined;
  return new Output({
    stdout: io.stdout,
    stderr: io.stderr,
    colour: useColour({ flag, isTTY: io.stdout.isTTY === true, env: io.env }),
    colourErr: useColour({ flag, isTTY: io.stderr.isTTY === true, env: io.env }),
    verbose: Boolean(args?.values.verbose ?? global.values.verbose),
  });
}

function printError(out: Output, error: unknown): number {
  const report = describeError(error);
  const s = out.styleErr;
  out.info(`${s.red(s.bold('error:'))} ${report.message}`);
  // Continuation lines of a hint line up under its first word.
  if (report.hint) out.info(`${s.dim('hint:')} ${report.hint.replaceAll('\n', '\n      ')}`);
  if (out.verbose) for (const d of report.details) out.info(s.dim(`  ${d}`));
  else if (report.details.length && report.exitCode !== EXIT.USAGE) out.info(s.dim('  (--verbose shows the details)'));
  return report.exitCode;
}

/**
 * The options before the command name. One that is not a connection or general option may still be
 * the command's own, given too early (`--json status`): then say where it goes.
 */
function parseGlobal(argv: readonly string[]): ParsedArgs {
  try {
    return parseArguments(argv, [...COMMON_OPTIONS, ...CONNECTION_OPTIONS], { stopAtPositional: true });
  } catch (error) {
    if (!(error instanceof UnknownOptionError)) throw error;
    const at = argv.findIndex((_, i) => findCommand(argv.slice(i)) !== undefined);
    const found = at === -1 ? undefined : findCommand(argv.slice(at));
    const own = found?.command.options.find((o) => error.option === `--${o.name}` || error.option === `-${o.short}`);
    if (!found || !own) throw error;
    throw new UsageError(
      `${error.option} goes after the command name`,
      `It is an option of ${found.command.name}: ${PROGRAM} ${found.command.name} ${error.option}${own.type === 'string' ? ` ${own.valueName ?? 'VALUE'}` : ''}`,
    );
  }
}

/** What `--version` prints: the package's version, then the API versions the CLI speaks. */
export function versionText(): string {
  return `${PROGRAM} ${packageJson.version}\nTrueNAS API ${API_VERSIONS[0]} to ${API_VERSIONS.at(-1)}\n`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let global: ParsedArgs = { values: {}, positionals: [], seen: [] };
  let out = makeOutput(io, global, undefined);
  let command: CommandSpec | undefined;
  try {
    global = parseGlobal(argv);
    out = makeOutput(io, global, undefined);
    let words = global.positionals;
    if (words[0] === 'help') {
      words = words.slice(1);
      global.values.help = true;
    }
    if (global.values.version && !global.values.help) {
      io.stdout.write(versionText());
      return EXIT.OK;
    }
    if (words.length === 0) {
      if (global.values.help) {
        io.stdout.write(mainHelp(COMMANDS, out.style));
        return EXIT.OK;
      }
      io.stderr.write(mainHelp(COMMANDS, out.styleErr));
      throw new UsageError('no command given', `Run \`${PROGRAM} --help\`, or \`${PROGRAM} demo\` for a guided tour.`);
    }
    const found = findCommand(words);
    if (!found) {
      const group = subCommands(words[0]!);
      if (group.length) {
        if (global.values.help) {
          io.stdout.write(group.map((c) => commandHelp(c, out.style)).join('\n'));
          return EXIT.OK;
        }
        const sub = words[1] !== undefined && !words[1].startsWith('-') ? words[1] : undefined;
        throw new UsageError(
          `${words[0]} needs a sub-command: ${group.map((c) => c.name).join(', ')}`,
          sub === undefined
            ? undefined
            : didYouMean(
                `${words[0]} ${sub}`,
                group.map((c) => c.name),
              ),
        );
      }
      const names = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!)), 'help'];
      throw new UsageError(
        `unknown command "${words[0]}"`,
        [didYouMean(words[0]!, names), `Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`].filter(Boolean).join(' '),
      );
    }
    command = found.command;
    const used = found.used;
    const args = parseArguments(words.slice(used), optionsFor(command));
    if (!command.connects) {
      // `--api-version v25.04.0 methods`: an option given before the name of a command that does not
      // connect can only mean the command's own option of that name.
      for (const o of command.options) {
        if (args.values[o.name] === undefined && global.values[o.name] !== undefined) args.values[o.name] = global.values[o.name];
      }
    }
    out = makeOutput(io, global, args);
    if (args.values.help || global.values.help) {
      io.stdout.write(commandHelp(command, out.style));
      return EXIT.OK;
    }
    // `check --version` (monitoring plugins answer -V), unless the command has an option of that name.
    if (args.values.version === true && !command.options.some((o) => o.name === 'version')) {
      io.stdout.write(versionText());
      return EXIT.OK;
    }
    if (!['call', 'methods'].includes(command.name) && args.positionals.length > 0) {
      throw new UsageError(`${command.name} takes no argument "${args.positionals[0]}"`, `Run \`${PROGRAM} ${command.name} --help\`.`);
    }
    return await execute(command, io, out, global, args);
  } catch (error) {
    const code = printError(out, error);
    return error instanceof UsageError && command?.usageExitCode !== undefined ? command.usageExitCode : code;
  }
}

async function execute(command: CommandSpec, io: CliIo, out: Output, global: ParsedArgs, args: ParsedArgs): Promise<number> {
  const interrupts = io.signal ? undefined : installInterrupts();
  const signal = io.signal ?? interrupts!.signal;
  const { ctx, close } = createContext({
    command,
    out,
    global,
    args,
    env: io.env,
    signal,
    confirmer: createConfirmer({ yes: args.values.yes === true, out, command: command.name }),
    readStdin: io.readStdin,
    nested: (argv, env) => runCli(argv, { ...io, env, signal }),
  });
  try {
    return await command.run(ctx);
  } catch (error) {
    // Errors caused by the interrupt itself (aborted calls) are reported as the interrupt.
    if (signal.aborted && !(error instanceof InterruptedError) && signal.reason instanceof InterruptedError) {
      return printError(out, signal.reason);
    }
    return printError(out, error);
  } finally {
    await close();
    interrupts?.dispose();
  }
}
