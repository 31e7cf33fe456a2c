/**
 * Worker mode of `startSimulator()` (the default): the simulators run in a worker thread, so that
 * they keep answering while the caller's event loop is blocked, e.g. by a test that runs a CLI with
 * `spawnSync`. One worker hosts every simulator a process starts this way, so the simulator's
 * modules load once per process, not once per pair. The worker keeps the process alive only while
 * one of its simulators runs; idle, it is unreferenced and ends after IDLE_MS.
 *
 * The synchronous members of the handle (`state()`, `faults.*`, `otpToken()`, `on()`) post a
 * request and block on `Atomics.wait` until the worker has replied (it bumps a shared counter
 * after each reply), then take the reply with `receiveMessageOnPort`. That is what the `synckit`
 * package does; synckit itself runs one stateless function per worker, with no events and no
 * asynchronous start or stop, so it does not fit a long-lived host; the pattern is small enough
 * to keep here.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { Emitter } from '../../util/emitter.js';
import type { SimulatorFaults } from '../faults.js';
import type { Simulator, SimulatorEvents, SimulatorOptions } from '../types.js';
import { SimulatorUsageError } from '../usage-error.js';
import {
  decodeError,
  EXITED,
  FAULT_METHODS,
  type Message,
  type PairEvent,
  REPLIES,
  type Request,
  SimulatorThreadError,
  type StartedSimulator,
  type SyncMethod,
  type WorkerData,
} from './protocol.js';
import { workerScript } from './script.js';

/** How long an idle worker stays, so that the next start (the next test) finds the modules loaded. */
const IDLE_MS = 3000;
/** Longest wait for a synchronous call; they are answered in one turn of the worker's event loop. */
const SYNC_LIMIT_MS = 10_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** The caller's stack, appended to an error rethrown from the worker. */
  stack: string | undefined;
}

interface Hosted {
  event(event: PairEvent, payload: unknown): void;
  log(line: string): void;
  /** Called in a microtask of its own: an error thrown here is an uncaught exception. */
  crashed(error: SimulatorThreadError): void;
}

/** Flags that take their value as the next argument, among those the worker keeps. */
const WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);
/** Flags the worker keeps: those about how modules load and what is reported. */
const KEPT =
  /^(--import|--require|-r|--loader|--experimental-[a-z-]+|--conditions|-C|--enable-source-maps|--no-warnings|--no-deprecation|--trace-warnings)(=|$)/;

/**
 * The caller's Node flags that also make sense in the worker. A worker inherits them all by
 * default, and Node refuses some: process-wide and V8 options (`--expose-gc`,
 * `--max-old-space-size`: ERR_WORKER_INVALID_EXEC_ARGV), and `--input-type`, which applies to code
 * given with `-e` or on stdin (ERR_INPUT_TYPE_NOT_ALLOWED for the worker's script file). So only
 * the flags about module loading and warnings are passed on.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const args: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (!KEPT.test(arg)) continue;
    args.push(arg);
    if (WITH_VALUE.has(arg) && i + 1 < execArgv.length) args.push(execArgv[++i]!);
  }
  return args;
}

/** One worker thread and the simulators it hosts (exported for the crash tests, which give it their own script). */
export class WorkerHost {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly pending = new Map<number, Pending>();
  /** Simulators from their start request to their stop reply. */
  private readonly hosted = new Map<number, Hosted>();
  private nextId = 1;
  private nextSim = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private crashCause: Error | undefined;
  private closing = false;
  /** Set once the worker is gone (crashed or closed); every request then fails with it. */
  failure: SimulatorThreadError | null = null;

  constructor(
    script: URL,
    private readonly retire: () => void,
  ) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const workerData: WorkerData = { truenasFailoverSimulator: 1, port: port2, signal };
    this.worker = new Worker(script, { workerData, transferList: [port2], execArgv: workerExecArgv() });
    this.port = port1;
    this.signal = new Int32Array(signal);
    this.port.on('message', (message: Message) => this.dispatch(message));
    this.worker.on('error', (error) => this.gone(error));
    this.worker.on('exit', (code) => this.gone(new Error(`exit code ${code}`)));
  }

  get usable(): boolean {
    return !this.failure && !this.closing;
  }

  async start(options: SimulatorOptions, logger: ((line: string) => void) | undefined): Promise<Simulator> {
    const sim = this.nextSim++;
    const events = new Emitter<SimulatorEvents>(() => {}); // as in-process: a faulty listener breaks nothing
    let running = false;
    this.hosted.set(sim, {
      event: (event, payload) => events.emit(event, payload as never),
      log: (line) => logger?.(line),
      crashed: (error) => {
        if (!running) return; // its start is rejected instead
        if (events.listenerCount('error') > 0) events.emit('error', error);
        else throw error; // nobody listens: as loud as a crash of the simulator in the caller's thread
      },
    });
    try {
      const started = await this.request({ op: 'start', id: this.nextId++, sim, options, logger: logger !== undefined });
      running = true;
      return this.handle(sim, started as StartedSimulator, events);
    } catch (error) {
      this.release(sim);
      throw error;
    }
  }

  /** The caller's handle of a simulator running in the worker. */
  private handle(sim: number, started: StartedSimulator, events: Emitter<SimulatorEvents>): Simulator {
    let stopping: Promise<void> | null = null;
    let stopped = false;
    const call = (method: SyncMethod, args: unknown[] = []) => {
      if (stopped) throw new SimulatorThreadError(`${method}(): the simulator was stopped`);
      return this.callSync(sim, method, args);
    };
    const faults = Object.fromEntries(
      FAULT_METHODS.map((name) => [name, (...args: unknown[]) => call(`faults.${name}`, args)]),
    ) as unknown as SimulatorFaults;
    return {
      ...started,
      faults,
      state: () => call('state') as ReturnType<Simulator['state']>,
      otpToken: () => call('otpToken') as string,
      on: (event, listener) => {
        // The worker forwards an event once a listener for it exists. This call returns after every
        // event the worker emitted before it has been delivered (one port, in order), so the new
        // listener sees exactly what the worker emits from now on, as in-process.
        if (event !== 'error' && !stopped && !this.failure) call('subscribe', [event]);
        const off = events.on(event, listener);
        let removed = false;
        return () => {
          if (removed) return;
          removed = true;
          off();
          if (event !== 'error' && this.usable) this.port.postMessage({ op: 'unsubscribe', sim, event } satisfies Request);
        };
      },
      stop: () => {
        stopping ??= this.request({ op: 'stop', id: this.nextId++, sim }).then(
          () => this.release(sim),
          (error: unknown) => {
            this.release(sim);
            if (!(error instanceof SimulatorThreadError)) throw error; // the worker is gone: so is the pair
          },
        );
        return stopping.then(() => {
          stopped = true;
        });
      },
    };
  }

  /** A request answered asynchronously (start, stop). */
  private request(request: Extract<Request, { id: number }>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, stack: new Error().stack });
      this.post(request);
    });
  }

  /** A synchronous call: blocks this thread until the worker has answered (at most SYNC_LIMIT_MS). */
  private callSync(sim: number, method: SyncMethod, args: unknown[]): unknown {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    let outcome: { value: unknown } | { error: Error } | undefined;
    this.pending.set(id, {
      resolve: (value) => {
        outcome = { value };
      },
      reject: (error) => {
        outcome = { error };
      },
      stack: new Error().stack,
    });
    this.post({ op: 'call', id, sim, method, args });
    const deadline = Date.now() + SYNC_LIMIT_MS;
    while (!outcome) {
      const replies = Atomics.load(this.signal, REPLIES);
      this.drain(); // events and log lines sent before the reply are delivered first, in order
      if (outcome) break;
      if (Atomics.load(this.signal, EXITED)) {
        this.gone(new Error('the thread exited'));
        continue; // gone() rejected the call
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.pending.delete(id);
        throw new SimulatorThreadError(`${method}(): the simulator's worker thread did not answer within ${SYNC_LIMIT_MS / 1000} s`);
      }
      Atomics.wait(this.signal, REPLIES, replies, left);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  private post(request: Request): void {
    try {
      this.port.postMessage(request);
    } catch (error) {
      if ('id' in request) this.pending.delete(request.id);
      throw new SimulatorUsageError('arguments', `cannot be passed to the simulator's thread (${(error as Error).message})`);
    }
    this.refresh();
  }

  private drain(): void {
    for (let next = receiveMessageOnPort(this.port); next; next = receiveMessageOnPort(this.port)) {
      this.dispatch(next.message as Message);
    }
  }

  private dispatch(message: Message): void {
    switch (message.type) {
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return; // a synchronous call that timed out
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(decodeError(message.error, pending.stack));
        this.refresh();
        return;
      }
      case 'event':
        this.hosted.get(message.sim)?.event(message.event, message.payload);
        return;
      case 'log':
        this.hosted.get(message.sim)?.log(message.line);
        return;
      case 'crash':
        this.crashCause = decodeError(message.error);
        return;
    }
  }

  private release(sim: number): void {
    this.hosted.delete(sim);
    this.refresh();
  }

  /** Keeps the process alive while a simulator runs or a request is open; idle, lets it exit. */
  private refresh(): void {
    if (this.failure) return;
    if (this.hosted.size > 0 || this.pending.size > 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      this.worker.ref();
      this.port.ref();
    } else {
      this.worker.unref();
      this.port.unref();
      this.idleTimer ??= setTimeout(() => this.close(), IDLE_MS).unref();
    }
  }

  private close(): void {
    this.closing = true;
    this.retire();
    void this.worker.terminate();
  }

  /** The worker is gone: fail what waits, and tell the running simulators' listeners. */
  private gone(reason: Error): void {
    if (this.failure) return;
    this.drain(); // a crash report, events and log lines still queued
    const cause = this.crashCause ?? reason;
    this.failure = this.closing
      ? new SimulatorThreadError("the simulator's worker thread was closed")
      : new SimulatorThreadError(`the simulator's worker thread stopped: ${cause.message}`, { cause });
    clearTimeout(this.idleTimer);
    this.retire();
    this.port.close();
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    const hosted = [...this.hosted.values()];
    this.hosted.clear();
    const failure = this.failure;
    if (!this.closing) for (const sim of hosted) queueMicrotask(() => sim.crashed(failure));
  }
}

let shared: Promise<WorkerHost> | undefined;

function sharedHost(): Promise<WorkerHost> {
  if (!shared) {
    const created: Promise<WorkerHost> = workerScript().then(
      (script) =>
        new WorkerHost(script, () => {
          if (shared === created) shared = undefined;
        }),
    );
    created.catch(() => {
      if (shared === created) shared = undefined;
    });
    shared = created;
  }
  return shared;
}

/** Starts a simulator in the shared worker thread (created, or found idle). */
export async function startInWorker(options: SimulatorOptions): Promise<Simulator> {
  const { logger, inProcess: _, ...serialisable } = options;
  let host = await sharedHost();
  if (!host.usable) host = await sharedHost(); // it was closing: a new one
  return host.start(serialisable, logger);
}
