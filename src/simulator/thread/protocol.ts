/**
 * What the host thread and the simulator's worker thread say to each other (thread/host.ts,
 * thread/worker.ts): requests one way; replies, events and log lines the other, all on one
 * MessagePort, so that they arrive in the order the worker sent them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SimulatorFaults } from '../faults.js';
import type { Simulator, SimulatorEvents, SimulatorOptions } from '../types.js';
import { SimulatorUsageError } from '../usage-error.js';

/**
 * The fault methods a host may call: those of the public `SimulatorFaults`, none of the class's
 * internals. A record, so that a fault added to the interface and missing here fails type-checking.
 */
const FAULTS: Record<keyof SimulatorFaults, true> = {
  killController: true,
  restoreController: true,
  hangController: true,
  unhangController: true,
  cutHeartbeat: true,
  restoreHeartbeat: true,
  partitionVip: true,
  healVip: true,
  delayFrames: true,
  dropFrames: true,
  failNextCall: true,
  failJob: true,
  installerWarning: true,
  endSubscriptions: true,
  reset: true,
};
export type FaultMethod = keyof SimulatorFaults;
export const FAULT_METHODS = Object.keys(FAULTS) as FaultMethod[];

/** The pair's events, forwarded from the worker (`error` is the host's own). */
export type PairEvent = Exclude<keyof SimulatorEvents, 'error'>;
const EVENTS: Record<PairEvent, true> = { transition: true, power: true, vip: true, hang: true, heartbeat: true, job: true };
export const PAIR_EVENTS = Object.keys(EVENTS) as PairEvent[];

/** Synchronous calls: `faults.<method>`, `state`, `otpToken`, and `subscribe` (the host's `on`). */
export type SyncMethod = `faults.${FaultMethod}` | 'state' | 'otpToken' | 'subscribe';

/** Handed to the worker at creation; its presence tells the simulator module it runs as our worker. */
export interface WorkerData {
  truenasFailoverSimulator: 1;
  port: MessagePort;
  /** Int32Array view: [REPLIES] counts replies sent, [EXITED] is 1 once the worker is leaving. */
  signal: SharedArrayBuffer;
}
export const REPLIES = 0;
export const EXITED = 1;

export type Request =
  | { op: 'start'; id: number; sim: number; options: SimulatorOptions; logger: boolean }
  | { op: 'stop'; id: number; sim: number }
  | { op: 'call'; id: number; sim: number; method: SyncMethod; args: unknown[] }
  | { op: 'unsubscribe'; sim: number; event: PairEvent };

/** The data part of a started simulator's handle. */
export type StartedSimulator = Pick<Simulator, 'vip' | 'a' | 'b' | 'credentials' | 'apiVersion'>;

export type Message =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: EncodedError }
  | { type: 'event'; sim: number; event: PairEvent; payload: unknown }
  | { type: 'log'; sim: number; line: string }
  /** An uncaught exception ended the worker. */
  | { type: 'crash'; error: EncodedError };

/** A failure of the worker thread itself: it crashed, stopped answering, or the simulator was stopped. */
export class SimulatorThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorThreadError';
  }
}

export interface EncodedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** Own fields such as `field` (SimulatorUsageError) or `code`, `errno`, `syscall`, `port` (system errors). */
  fields: Record<string, unknown>;
}

export function encodeError(error: unknown): EncodedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** Classes rebuilt by name; any other error comes back as an Error with its name and fields. */
const CLASSES: Record<string, new (message: string) => Error> = {
  TypeError,
  RangeError,
  SyntaxError,
  SimulatorThreadError,
};

/**
 * The error the caller sees: the same class (SimulatorUsageError, SimulatorThreadError, the
 * built-in ones; others keep their name and fields) and message, with the worker's stack followed
 * by the caller's.
 */
export function decodeError(encoded: EncodedError, callerStack?: string): Error {
  let error: Error;
  if (encoded.name === 'SimulatorUsageError') {
    error = new SimulatorUsageError(String(encoded.fields.field), '');
    error.message = encoded.message;
  } else {
    error = new (CLASSES[encoded.name] ?? Error)(encoded.message);
  }
  Object.assign(error, encoded.fields);
  if (error.name !== encoded.name) error.name = encoded.name;
  const callerFrames = callerStack?.split('\n').slice(1).join('\n');
  error.stack = [encoded.stack ?? `${encoded.name}: ${encoded.message}`, '    --- in the simulator worker, called from ---', callerFrames]
    .filter(Boolean)
    .join('\n');
  return error;
}
