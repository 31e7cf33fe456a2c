/**
 * Errors of the CLI itself, and the translation of every error into what an operator sees: one
 * line saying what went wrong, one line saying what to do, an exit code, and (with --verbose) the
 * details the typed error carries.
 */

import {
  AbortedError,
  AuthError,
  CallError,
  ConnectionClosedError,
  ConnectionError,
  ERRNO,
  HaRedirectError,
  InsecureTransportError,
  JobAbortedError,
  JobFailedError,
  JobLostError,
  MessageTooLargeError,
  OutcomeUnknownError,
  TimeoutError,
  TlsCertificateError,
  TrueNasError,
  ValidationError,
} from '../errors/index.js';
import { FailoverPreconditionError, FailoverVerificationError, HaWaitTimeoutError, InstallerWarningError } from '../ha/errors/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** A problem of the CLI's own making, with its exit code and a hint. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  /** Extra lines shown with --verbose. */
  readonly details: readonly string[];

  constructor(message: string, exitCode: ExitCode, hint?: string, details: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
    this.details = details;
  }
}

/** Bad command line: unknown option, missing value, bad JSON. Names the option or argument at fault. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.USAGE, hint);
    this.name = 'UsageError';
  }
}

/** A confirmation was declined or could not be asked. */
export class NotConfirmedError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.NOT_CONFIRMED, hint);
    this.name = 'NotConfirmedError';
  }
}

/** Ctrl-C / SIGTERM while waiting. */
export class InterruptedError extends CliError {
  constructor(message = 'Interrupted.', hint?: string) {
    super(message, EXIT.INTERRUPTED, hint);
    this.name = 'InterruptedError';
  }
}

/** What `describeError` makes of any error. */
export interface ErrorReport {
  message: string;
  hint: string | undefined;
  exitCode: ExitCode;
  details: string[];
}

const firstLine = (text: string) => text.split('\n').find((l) => l.trim() !== '') ?? text;

function callErrorHint(error: CallError): string | undefined {
  switch (error.errno) {
    case ERRNO.EACCES:
      return 'The account lacks the role for this method (FAILOVER_WRITE for changes, FULL_ADMIN to reboot the other node).';
    case ERRNO.EHAUNAVAILABLE:
      return 'HA is licensed but unhealthy; run `truenas-failover status` to see the disabled reasons.';
    case ERRNO.EREMOTENODEERROR:
      return 'The other controller answered with an error; check it with `truenas-failover status`.';
    case ERRNO.EREBOOTREQUIRED:
      return 'A reboot is pending; run `truenas-failover reboot info`.';
    case ERRNO.ENOTAUTHENTICATED:
      return 'Give credentials: --username with --api-key-file, or TRUENAS_USERNAME and TRUENAS_API_KEY.';
    default:
      if (error.code === -32601) return 'Run `truenas-failover methods` to list the methods of this API version.';
      return undefined;
  }
}

// A workflow refused to start: the exit code says which precondition, as `status` would.
const PRECONDITION_EXIT: Record<string, ExitCode> = {
  licensed: EXIT.UNLICENSED,
  'active-controller': EXIT.NOT_MASTER,
  'failover-enabled': EXIT.FAILOVER_DISABLED,
  'peer-healthy': EXIT.DISABLED_REASONS,
  'no-disabled-reasons': EXIT.DISABLED_REASONS,
  'supported-by-version': EXIT.USAGE,
  confirmed: EXIT.NOT_CONFIRMED,
};

const PRECONDITION_HINT: Record<string, string> = {
  'active-controller': 'Connect through the VIP (--vip or --url of the virtual IP), or give both controllers with --a and --b.',
  'failover-enabled': 'Run `truenas-failover enable` first.',
  'peer-healthy': 'Wait until the other controller is up and ready: `truenas-failover watch` shows when.',
  'no-disabled-reasons': 'Fix the disabled reasons first; `truenas-failover status` explains them.',
};

/** The text between `precondition "…" not met: ` and the library's own hint (the CLI gives its own). */
function preconditionText(error: FailoverPreconditionError): string {
  let text = error.message.slice(error.message.indexOf('not met: ') + 'not met: '.length);
  text = text.replace(/ Nothing was changed\.$/, '');
  if (error.hint && text.endsWith(` ${error.hint}`)) text = text.slice(0, -error.hint.length - 1);
  return text;
}

/** Failures of the first connection (noted by context.ts), with the addresses given without a scheme. */
const connectFailures = new WeakMap<object, { schemeless: readonly string[] }>();

/** Marks `error` as the failure of the first connection; returns it (to be thrown). */
export function noteConnectFailure(error: unknown, schemeless: readonly string[]): unknown {
  if (typeof error === 'object' && error !== null) connectFailures.set(error, { schemeless });
  return error;
}

/** One-line message, hint, exit code and details of any error. */
export function describeError(error: unknown): ErrorReport {
  const report = describeAny(error);
  const connecting = typeof error === 'object' && error !== null ? connectFailures.get(error) : undefined;
  if (!connecting || report.exitCode === EXIT.AUTH || report.exitCode === EXIT.INTERRUPTED) return report;
  // The first connection: its patience is --connect-timeout, and an address without a scheme was taken as wss://.
  if ((error instanceof TimeoutError && !error.sent) || (error instanceof ConnectionError && !(error instanceof TlsCertificateError))) {
    report.hint = 'Check the address (--url, --vip) and that the controller is up; raise --connect-timeout for slow links.';
  }
  const [first] = connecting.schemeless;
  if (first !== undefined) {
    const scheme = `"${first}" has no scheme, so wss:// (TLS) was used; for a plain connection write ws://${first}.`;
    report.hint = report.hint ? `${report.hint}\n${scheme}` : scheme;
  }
  return report;
}

function describeAny(error: unknown): ErrorReport {
  const details: string[] = [];
  if (error instanceof CliError) {
    return { message: error.message, hint: error.hint, exitCode: error.exitCode, details: [...error.details] };
  }
  if (error instanceof TrueNasError) details.push(`error class: ${error.name}`);
  if (error instanceof FailoverPreconditionError) {
    return {
      message: `Refused, nothing was changed: ${preconditionText(error)}`,
      hint: PRECONDITION_HINT[error.precondition] ?? error.hint,
      exitCode: PRECONDITION_EXIT[error.precondition] ?? EXIT.FAILED,
      details: [...details, `workflow: ${error.workflow}`, `precondition: ${error.precondition}`],
    };
  }
  if (error instanceof FailoverVerificationError) {
    return {
      message: firstLine(error.message),
      hint: 'The change was made; read the state with `truenas-failover status` before acting again.',
      exitCode: EXIT.FAILED,
      details: [
        ...details,
        `check: ${error.check}`,
        `expected: ${JSON.stringify(error.expected)}`,
        `observed: ${JSON.stringify(error.observed)}`,
      ],
    };
  }
  if (error instanceof InstallerWarningError) {
    return {
      message: `The update installer warned: ${error.warning}`,
      hint: 'Nothing was installed. Read the warning; to accept it run `truenas-failover upgrade --resume`.',
      exitCode: EXIT.FAILED,
      details: [...details, `job id: ${error.jobId ?? '?'}`],
    };
  }
  if (error instanceof HaWaitTimeoutError) {
    return {
      message: firstLine(error.message),
      hint: 'The pair may still get there: check with `truenas-failover status`, or wait longer with --wait SECONDS.',
      exitCode: EXIT.TIMEOUT,
      details,
    };
  }
  if (error instanceof ValidationError) {
    const lines = error.issues.map((i) => (i.attribute ? `${i.attribute}: ${i.message}` : i.message));
    const where = error.source === 'client' ? 'invalid arguments (checked against the schema; nothing was sent)' : 'rejected';
    return {
      message: `${error.method}: ${where}: ${lines.join('; ')}`,
      hint:
        error.source === 'client'
          ? `Run \`truenas-failover methods ${error.method}\` for the arguments it takes.`
          : error.method === 'failover.become_passive'
            ? 'Failover must be enabled for a planned failover: run `truenas-failover enable` first.'
            : undefined,
      exitCode: error.source === 'client' ? EXIT.USAGE : EXIT.FAILED,
      details: [...details, ...error.issues.map((i) => `issue: ${i.attribute || '(arguments)'}: ${i.message} [errno ${i.errno}]`)],
    };
  }
  if (error instanceof OutcomeUnknownError) {
    return {
      message: firstLine(error.message),
      hint: 'Check the state before trying again: `truenas-failover status` and `truenas-failover config`.',
      exitCode: EXIT.OUTCOME_UNKNOWN,
      details,
    };
  }
  if (error instanceof AuthError) {
    const hint =
      error.failure === 'MISSING_CREDENTIALS'
        ? 'Give --username and --api-key-file (or TRUENAS_USERNAME and TRUENAS_API_KEY).'
        : error.failure === 'EXPIRED'
          ? 'The key or password expired or was revoked (TrueNAS revokes a key sent over plain ws:// from a network address); create a new one and use wss://.'
          : error.failure === 'OTP_REQUIRED'
            ? 'This account has two-factor authentication; use an API key for the CLI.'
            : 'Check the user name and the API key or password; API keys are bound to their user.';
    details.push(
      `failure: ${error.failure}`,
      ...(error.mechanism ? [`mechanism: ${error.mechanism}`] : []),
      ...(error.url ? [`url: ${error.url}`] : []),
    );
    return { message: `Login failed: ${firstLine(error.message)}`, hint, exitCode: EXIT.AUTH, details };
  }
  if (error instanceof HaRedirectError) {
    return {
      message: firstLine(error.message),
      hint: 'Give the VIP (--vip URL or --url URL of the virtual IP), or both controllers with --a and --b.',
      exitCode: EXIT.UNREACHABLE,
      details: [...details, ...error.urls.map((u) => `active controller: ${u}`)],
    };
  }
  if (error instanceof InsecureTransportError) {
    return {
      message: firstLine(error.message),
      hint: 'Use a wss:// address (add --ca FILE for a self-signed certificate).',
      exitCode: EXIT.USAGE,
      details,
    };
  }
  if (error instanceof JobFailedError) {
    details.push(`job id: ${error.jobId}`, `errno: ${error.errno ?? 'none'} (${error.errname ?? '-'})`);
    if (error.logsExcerpt) details.push(`log: ${error.logsExcerpt}`);
    return {
      message: firstLine(error.message),
      hint:
        error.errno === ERRNO.EAGAIN && error.method === 'failover.upgrade'
          ? 'The installer raised a warning; read it, then accept it with `truenas-failover upgrade --resume`.'
          : undefined,
      exitCode: EXIT.FAILED,
      details,
    };
  }
  if (error instanceof JobLostError || error instanceof JobAbortedError) {
    return {
      message: firstLine(error.message),
      hint: 'Check the resulting state with `truenas-failover status` and `truenas-failover reboot info`.',
      exitCode: EXIT.FAILED,
      details,
    };
  }
  if (error instanceof TlsCertificateError) {
    return {
      message: firstLine(error.message),
      hint: 'Trust the CA that signed the certificate with --ca FILE (or, for a test system only, --insecure).',
      exitCode: EXIT.UNREACHABLE,
      details: [...details, `code: ${error.code}`],
    };
  }
  if (error instanceof ConnectionError) {
    details.push(
      `failure: ${error.failure}`,
      ...(error.code ? [`code: ${error.code}`] : []),
      ...(error.status ? [`HTTP status: ${error.status}`] : []),
    );
    return {
      message: firstLine(error.message),
      hint:
        error.failure === 'TLS'
          ? 'Use ws:// (or http://) for a controller without TLS, wss:// (or https://) for one with it.'
          : 'Check the address (--url, --vip) and that the controller is up; raise --connect-timeout for slow links.',
      exitCode: EXIT.UNREACHABLE,
      details,
    };
  }
  if (error instanceof TimeoutError) {
    const notSent = !error.sent;
    return {
      message: firstLine(error.message),
      hint: notSent
        ? 'Check the address (--url, --vip) and that the controller is up; raise --timeout for slow links.'
        : 'The server may still complete it; check with `truenas-failover status`. Raise --timeout for slow operations.',
      exitCode: notSent ? EXIT.UNREACHABLE : EXIT.TIMEOUT,
      details,
    };
  }
  if (error instanceof AbortedError) {
    return { message: firstLine(error.message), hint: undefined, exitCode: EXIT.INTERRUPTED, details };
  }
  if (error instanceof ConnectionClosedError) {
    return {
      message: firstLine(error.message),
      hint: 'Check the address and that the controller is up; `truenas-failover status` shows the pair.',
      exitCode: EXIT.UNREACHABLE,
      details,
    };
  }
  if (error instanceof MessageTooLargeError) {
    return { message: firstLine(error.message), hint: 'Send smaller arguments.', exitCode: EXIT.USAGE, details };
  }
  if (error instanceof CallError) {
    details.push(`code: ${error.code}`, `errno: ${error.errno ?? 'none'} (${error.errname ?? '-'})`);
    if (error.extra !== null && error.extra !== undefined) details.push(`extra: ${JSON.stringify(error.extra)}`);
    if (error.trace?.formatted) details.push(`server trace:\n${error.trace.formatted}`);
    return { message: `${error.method}: ${firstLine(error.reason)}`, hint: callErrorHint(error), exitCode: EXIT.FAILED, details };
  }
  if (error instanceof TypeError) {
    // createClient and the credential parsers report bad options as TypeErrors naming the field.
    return { message: firstLine(error.message), hint: 'Run with --help for the options.', exitCode: EXIT.USAGE, details };
  }
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  if (error instanceof Error && error.stack) details.push(error.stack);
  return { message, hint: undefined, exitCode: EXIT.FAILED, details };
}
