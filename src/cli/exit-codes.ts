/**
 * Exit codes of the CLI. Scripts and monitoring key on them, so they are part of the public
 * contract: documented in docs/cli.md and `--help`, never renumbered.
 */
export const EXIT = {
  /** Success; for `status`: the pair is healthy. */
  OK: 0,
  /** The operation failed: the server refused it, a job failed, or a check afterwards did not hold. */
  FAILED: 1,
  /** Bad command line, bad JSON, or arguments the schema rejects (nothing was sent). */
  USAGE: 2,
  /** Login refused: wrong user name, key or password, expired or revoked key. */
  AUTH: 3,
  /** No controller could be reached (refused, unreachable, TLS failure, or no answer in time). */
  UNREACHABLE: 4,
  /** A change was sent but the connection dropped before its answer: it may or may not have happened. */
  OUTCOME_UNKNOWN: 5,
  /** A confirmation was declined, or could not be asked (stdin is not a terminal and --yes was not given). */
  NOT_CONFIRMED: 6,
  /** Waiting for the pair took longer than allowed (a call, a job or a workflow step timed out). */
  TIMEOUT: 7,
  /** `status`: the controller is not HA-licensed (a single, non-HA system). */
  UNLICENSED: 10,
  /** `status`: the address given does not reach the active controller (it is not MASTER). */
  NOT_MASTER: 11,
  /** `status`: failover is administratively disabled (NO_FAILOVER). */
  FAILOVER_DISABLED: 12,
  /** `status`: disabled reasons are present: automatic failover cannot happen now. */
  DISABLED_REASONS: 13,
  /** `status`: healthy otherwise, but a controller needs a reboot (e.g. to finish an upgrade). */
  REBOOT_REQUIRED: 14,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM while waiting; server jobs keep running unless --abort-on-interrupt. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `--help` and the docs. */
export const EXIT_CODE_TABLE: readonly [number, string][] = [
  [EXIT.OK, 'success; for status: healthy (licensed, MASTER, failover enabled, no disabled reasons)'],
  [EXIT.FAILED, 'the operation failed (server error, job failed, check afterwards failed)'],
  [EXIT.USAGE, 'bad command line, bad JSON or invalid arguments (nothing was sent)'],
  [EXIT.AUTH, 'authentication failed'],
  [EXIT.UNREACHABLE, 'no controller reachable'],
  [EXIT.OUTCOME_UNKNOWN, 'a change was sent but the connection dropped before the answer: outcome unknown'],
  [EXIT.NOT_CONFIRMED, 'confirmation declined, or needed but stdin is not a terminal (use --yes)'],
  [EXIT.TIMEOUT, 'timed out waiting for the pair'],
  [EXIT.UNLICENSED, 'status: not HA-licensed'],
  [EXIT.NOT_MASTER, 'status: the address reached is not the active controller (not MASTER)'],
  [EXIT.FAILOVER_DISABLED, 'status: failover administratively disabled'],
  [EXIT.DISABLED_REASONS, 'status: disabled reasons present (no automatic failover now)'],
  [EXIT.REBOOT_REQUIRED, 'status: a controller needs a reboot'],
  [EXIT.INTERRUPTED, 'interrupted (Ctrl-C); server jobs keep running unless --abort-on-interrupt'],
];
