/** `--help` texts: the command list, and each command's usage, options, exit codes and examples. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OptionSpec } from './args.js';
import type { CommandSpec } from './context.js';
import { EXIT_CODE_TABLE } from './exit-codes.js';
import { COMMON_OPTIONS, CONNECTION_OPTIONS } from './options.js';
import type { Styler } from './style.js';

export const PROGRAM = 'truenas-failover';

/**
 * Where a document is on this machine: the package ships docs/ next to dist/, where the CLI runs
 * from; elsewhere (a bundle of the sources) its place in the package.
 */
export function docPath(name: string): string {
  const path = fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
  return existsSync(path) ? path : `docs/${name} in the ${PROGRAM} package`;
}

function optionLines(specs: readonly OptionSpec[]): string[] {
  const shown = specs.filter((s) => !s.hidden);
  const label = (s: OptionSpec) => {
    const long = s.type === 'boolean' && s.negatable ? `--[no-]${s.name}` : `--${s.name}`;
    return `${s.short ? `-${s.short}, ` : '    '}${long}${s.type === 'string' ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
  };
  const width = Math.max(...shown.map((s) => label(s).length));
  return shown.map((s) => `  ${label(s).padEnd(width)}  ${s.description}`);
}

export function commandHelp(command: CommandSpec, style: Styler): string {
  const lines: string[] = [];
  lines.push(`${style.bold('Usage:')} ${command.usage.map((u, i) => `${i ? '       ' : ''}${PROGRAM} ${u}`).join('\n')}`, '');
  lines.push(`${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`, '');
  if (command.description?.length) lines.push(...command.description, '');
  if (command.options.length) lines.push(style.bold('Options:'), ...optionLines(command.options), '');
  if (command.connects) lines.push(style.bold('Connection:'), ...optionLines(CONNECTION_OPTIONS), '');
  // A command's own option hides the general one of the same name (upgrade --version VERSION).
  const general = COMMON_OPTIONS.filter((o) => !command.options.some((own) => own.name === o.name));
  lines.push(style.bold('General:'), ...optionLines(general), '');
  if (command.exitCodes?.length) {
    lines.push(
      style.bold('Exit codes:'),
      ...command.exitCodes.map(([c, t]) => `  ${String(c).padStart(3)}  ${t}`),
      `  (and the general ones: \`${PROGRAM} --help\`)`,
      '',
    );
  }
  if (command.examples.length) lines.push(style.bold('Examples:'), ...command.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

export function mainHelp(commands: readonly CommandSpec[], style: Styler): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${style.bold('Usage:')} ${PROGRAM} [connection options] COMMAND [options]`,
    '',
    'Operate a TrueNAS Enterprise HA pair (controllers A and B, one active = MASTER, one standby =',
    'BACKUP, a virtual IP = VIP that follows the active one) from the terminal.',
    '',
    style.bold('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    style.bold('Connection (before or after the command):'),
    ...optionLines(CONNECTION_OPTIONS),
    '',
    'Environment: TRUENAS_URL, TRUENAS_USERNAME, TRUENAS_API_KEY, TRUENAS_API_KEY_FILE, TRUENAS_PASSWORD,',
    'NO_COLOR, FORCE_COLOR. Secrets never appear in the output; prefer files and stdin to flags.',
    '',
    style.bold('General:'),
    ...optionLines(COMMON_OPTIONS),
    '',
    style.bold('Exit codes:'),
    ...EXIT_CODE_TABLE.map(([c, t]) => `  ${String(c).padStart(3)}  ${t}`),
    '',
    style.bold('Examples:'),
    `  ${PROGRAM} demo                                   # a guided tour on a simulated pair`,
    `  ${PROGRAM} simulate                               # start a simulated pair to try commands on`,
    `  export TRUENAS_URL=wss://nas.example TRUENAS_USERNAME=truenas_admin TRUENAS_API_KEY_FILE=~/.truenas-key`,
    `  ${PROGRAM} status                                 # exit code 0 = healthy`,
    `  ${PROGRAM} failover                               # planned failover, asks first`,
    `  ${PROGRAM} call failover.update '{"timeout": 5}'  # any method, midclt-style`,
    '',
    `Run \`${PROGRAM} COMMAND --help\` for a command's options and examples. Documentation: ${docPath('cli.md')}`,
    '',
  ].join('\n');
}
