/** Every command, in the order `--help` lists them. */
import type { CommandSpec } from '../context.js';
import { callCommand } from './call.js';
import { checkCommand } from './check.js';
import { configCommand, updateCommand } from './config.js';
import { demoCommand } from './demo.js';
import { exporterCommand } from './exporter.js';
import { failoverCommand } from './failover.js';
import { disableCommand, enableCommand } from './maintenance.js';
import { methodsCommand } from './methods.js';
import { rebootInfoCommand, rebootOtherNodeCommand } from './reboot.js';
import { simulateCommand } from './simulate.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { upgradeCommand } from './upgrade.js';
import { watchCommand } from './watch.js';

export const COMMANDS: readonly CommandSpec[] = [
  statusCommand,
  configCommand,
  updateCommand,
  failoverCommand,
  disableCommand,
  enableCommand,
  syncCommand,
  rebootInfoCommand,
  rebootOtherNodeCommand,
  upgradeCommand,
  watchCommand,
  exporterCommand,
  checkCommand,
  callCommand,
  methodsCommand,
  simulateCommand,
  demoCommand,
];

/** Finds the command named by the first one or two words; returns it and how many words it used. */
export function findCommand(words: readonly string[]): { command: CommandSpec; used: number } | undefined {
  const two = words.slice(0, 2).join(' ');
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, used: 2 };
  const byOne = COMMANDS.find((c) => c.name === words[0]);
  return byOne ? { command: byOne, used: 1 } : undefined;
}

/** Sub-commands of a group word (`reboot` → `reboot info`, `reboot other-node`). */
export function subCommands(word: string): CommandSpec[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${word} `));
}
