/** What a command is (name, options, help) and what it gets to run (output, arguments, a client, a signal). */

import type { ClientOptions } from '../client/options.js';
import { createClient } from '../entry/create-client.js';
import type { Client } from '../entry/types.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { type ResolvedConnection, resolveConnection } from './connection.js';
import { noteConnectFailure } from './errors.js';
import { untilAborted } from './interrupt.js';
import type { Output } from './output.js';
import type { Confirmer } from './prompt.js';

export interface CommandSpec {
  /** `status`, or `reboot info` for a sub-command. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines without the program name, e.g. `status [--json]`. */
  usage: readonly string[];
  /** Lines of explanation for `--help` (one paragraph, already wrapped). */
  description?: readonly string[];
  /** Options of this command (connection and common options are added when `connects`). */
  options: readonly OptionSpec[];
  /** True when the command talks to a pair (it then takes the connection options). */
  connects: boolean;
  /** False when the command may run without credentials (`call core.ping`). Default true. */
  requireAuth?: boolean;
  examples: readonly string[];
  /** Exit code of a bad command line (default 2, EXIT.USAGE; `check` uses 3, UNKNOWN to Nagios). */
  usageExitCode?: number;
  /** Exit codes specific to the command (the general ones are always listed). */
  exitCodes?: readonly (readonly [number, string])[];
  run(ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  readonly command: CommandSpec;
  readonly out: Output;
  /** Options and positionals given after the command name. */
  readonly args: ParsedArgs;
  readonly env: Record<string, string | undefined>;
  /** Aborts on Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
  readonly confirmer: Confirmer;
  /** True when the operator asked to abort server jobs on Ctrl-C. */
  readonly abortOnInterrupt: boolean;
  /** The resolved connection settings (reads flags, environment, key files; may warn). */
  connection(): Promise<ResolvedConnection>;
  /** A connected, logged-in client (the first call connects; Ctrl-C stops the wait). */
  client(): Promise<Client>;
  /** Another client with the same credentials and TLS settings but other addresses (to ask one controller directly). */
  extraClient(overrides: Partial<ClientOptions>): Promise<Client>;
  readStdin(): Promise<string>;
  /** Runs another CLI command in this process with its own environment (used by `demo`); resolves to its exit code. */
  nested(argv: readonly string[], env: Record<string, string | undefined>): Promise<number>;
}

export interface ContextInput {
  command: CommandSpec;
  out: Output;
  global: ParsedArgs;
  args: ParsedArgs;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  confirmer: Confirmer;
  readStdin(): Promise<string>;
  nested(argv: readonly string[], env: Record<string, string | undefined>): Promise<number>;
}

/** Builds the context, and keeps track of the clients it opened so that they are all closed at the end. */
export function createContext(input: ContextInput): { ctx: CommandContext; close(): Promise<void> } {
  const clients: Client[] = [];
  let resolved: Promise<ResolvedConnection> | undefined;
  let main: Promise<Client> | undefined;
  const ownNames = new Set(input.command.options.map((o) => o.name));
  const connection = () => {
    resolved ??= resolveConnection({
      global: input.global,
      command: input.args,
      ownNames,
      env: input.env,
      out: input.out,
      readStdin: input.readStdin,
      requireAuth: input.command.requireAuth !== false,
    });
    return resolved;
  };
  // The client's log lines (already redacted by the client), shown with --verbose. Their data is a
  // redacted copy: an error arrives as { name, message }.
  const detail = (data: unknown) => {
    if (data === undefined) return '';
    if (typeof data === 'object' && data !== null && 'message' in data) return `: ${String((data as { message: unknown }).message)}`;
    return `: ${typeof data === 'string' ? data : JSON.stringify(data)}`;
  };
  const logger = (out: Output) => {
    if (!out.verbose) return undefined;
    const line = (m: string, d?: unknown) => out.debug(`[client] ${m}${detail(d)}`);
    return { debug: line, info: line, warn: line, error: line };
  };
  const open = async (overrides: Partial<ClientOptions>, connectTimeout?: number) => {
    const c = await connection();
    const client = createClient({ ...c.options, logger: logger(input.out), ...overrides }) as unknown as Client;
    clients.push(client);
    try {
      await untilAborted(client.connect({ timeout: connectTimeout ?? c.connectTimeout, signal: input.signal }), input.signal);
    } catch (error) {
      throw noteConnectFailure(error, c.addresses.schemeless);
    }
    return client;
  };
  const ctx: CommandContext = {
    command: input.command,
    out: input.out,
    args: input.args,
    env: input.env,
    signal: input.signal,
    confirmer: input.confirmer,
    abortOnInterrupt: input.args.values['abort-on-interrupt'] === true,
    connection,
    client() {
      main ??= open({});
      return main;
    },
    extraClient(overrides) {
      return open(overrides, Math.min(5000, overrides.connectTimeout ?? 5000));
    },
    readStdin: input.readStdin,
    nested: input.nested,
  };
  return {
    ctx,
    async close() {
      // Bounded: a controller that hangs must not keep the CLI from exiting.
      await Promise.race([Promise.allSettled(clients.map((c) => c.close())), new Promise((r) => setTimeout(r, 3000).unref())]);
    },
  };
}
