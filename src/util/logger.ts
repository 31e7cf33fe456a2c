import { readEnv } from './env.js';
import { redact } from './redact.js';

/** A logger the user injects; any subset of levels, console-compatible. Off by default. */
export interface Logger {
  debug?(message: string, data?: unknown): void;
  info?(message: string, data?: unknown): void;
  warn?(message: string, data?: unknown): void;
  error?(message: string, data?: unknown): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The client's internal logger: every line goes through `redact` with the client's secrets. */
export interface InternalLogger {
  /** False when the injected logger has no `debug`: hot paths then skip building debug lines. */
  readonly debugEnabled: boolean;
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/**
 * The logger used when none is injected: silent, unless the environment variable
 * `TRUENAS_FAILOVER_DEBUG` is set (to anything but empty or `0`): then every level goes to
 * `console.error` (stderr in Node, so that a program's own output stays clean), redacted like any line.
 */
function defaultLogger(): Logger | undefined {
  const flag = readEnv('TRUENAS_FAILOVER_DEBUG');
  if (flag === undefined || flag === '0') return undefined;
  const line =
    (level: LogLevel) =>
    (message: string, data?: unknown): void => {
      if (data === undefined) console.error(`[truenas-failover] ${level}: ${message}`);
      else console.error(`[truenas-failover] ${level}: ${message}`, data);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

export function createLogger(injected: Logger | undefined, secrets: () => readonly string[]): InternalLogger {
  const target = injected ?? defaultLogger();
  const emit = (level: LogLevel, message: string, data?: unknown) => {
    const fn = target?.[level];
    if (typeof fn !== 'function') return;
    const known = secrets();
    try {
      if (data === undefined) fn.call(target, redact(message, known));
      else fn.call(target, redact(message, known), redact(data, known));
    } catch {
      // A throwing logger must not break the client.
    }
  };
  return {
    debugEnabled: typeof target?.debug === 'function',
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
  };
}
