/**
 * The handle every workflow returns, shaped like a `Job`: a thenable over the final report, phase
 * progress as events and as an async iterator, warnings, and the caller's `signal` to stop
 * waiting. Aborting stops waiting only: work already asked of the server (a failover, an upgrade
 * job) carries on there unless the workflow was told otherwise.
 */
import { AbortedError } from '../errors/aborted-error.js';
import { Emitter } from '../util/emitter.js';
import { signalProblem } from '../util/signal.js';

/** A phase of a workflow, numbered within it. */
export interface WorkflowPhase {
  /** 1-based position. */
  index: number;
  total: number;
  /** Stable name, e.g. `become-passive`. */
  id: string;
  /** What happens in it, in words. */
  title: string;
}

/** Something the caller should know, that does not stop the workflow (e.g. the VIP will move). */
export interface WorkflowWarning {
  /** Stable code, e.g. `vip-moves`, `installer-warning`. */
  code: string;
  message: string;
  /** The phase it arose in. */
  phase: WorkflowPhase | undefined;
}

/** One entry of a workflow's progress: a phase started, progress within it, or a warning. */
export interface WorkflowUpdate {
  type: 'phase' | 'progress' | 'warning';
  phase: WorkflowPhase | undefined;
  /** 0–100 when known (e.g. an upgrade job's percent), else null. */
  percent: number | null;
  description: string;
  /** Since the workflow started, ms. */
  elapsedMs: number;
  /** Set on `warning` entries. */
  warning?: WorkflowWarning;
}

export type WorkflowState = 'running' | 'succeeded' | 'failed';

interface WorkflowEvents {
  phase: WorkflowPhase;
  progress: WorkflowUpdate;
  warning: WorkflowWarning;
}

/**
 * A running workflow. `await workflow` gives its report, or rejects with a typed error
 * (`FailoverPreconditionError`, `FailoverVerificationError`, `HaWaitTimeoutError`, `AbortedError`,
 * or the client's call and job errors).
 */
export interface Workflow<R> extends PromiseLike<R> {
  /** e.g. `plannedFailover`. */
  readonly name: string;
  readonly state: WorkflowState;
  /** The phases it goes through, in order. */
  readonly phases: readonly { id: string; title: string }[];
  /** The phase running now (the last one once finished). */
  readonly phase: WorkflowPhase | undefined;
  /** Every warning so far. */
  readonly warnings: readonly WorkflowWarning[];
  /** The report, once succeeded. */
  readonly report: R | undefined;
  on(event: 'phase', listener: (phase: WorkflowPhase) => void): () => void;
  on(event: 'progress', listener: (update: WorkflowUpdate) => void): () => void;
  on(event: 'warning', listener: (warning: WorkflowWarning) => void): () => void;
  /** Every update from the start (earlier ones are replayed), ending when the workflow ends. */
  progress(): AsyncIterableIterator<WorkflowUpdate>;
  catch<T = never>(onrejected?: ((reason: unknown) => T | PromiseLike<T>) | null): Promise<R | T>;
  finally(onfinally?: (() => void) | null): Promise<R>;
}

/** What a workflow body uses to report. */
export interface WorkflowContext {
  /** Aborts when the caller's signal does: stop waiting. */
  readonly signal: AbortSignal;
  /** Starts the phase with this id (no-op when it is the current one). */
  phase(id: string): void;
  progress(description: string, percent?: number | null): void;
  warn(code: string, message: string): void;
  /** Since the start, ms. */
  elapsed(): number;
}

const HISTORY_LIMIT = 1000;

export class WorkflowHandle<R> implements Workflow<R> {
  readonly name: string;
  readonly phases: readonly { id: string; title: string }[];
  private readonly emitter = new Emitter<WorkflowEvents>();
  // The most recent updates; `dropped` counts the older ones let go (a long upgrade reports often).
  private readonly history: WorkflowUpdate[] = [];
  private dropped = 0;
  private readonly sinks = new Set<() => void>();
  private readonly result: Promise<R>;
  private readonly warningList: WorkflowWarning[] = [];
  private current: WorkflowPhase | undefined;
  private status: WorkflowState = 'running';
  private value: R | undefined;
  private readonly started = Date.now();

  constructor(
    name: string,
    phases: readonly { id: string; title: string }[],
    signal: AbortSignal | undefined,
    body: (ctx: WorkflowContext) => Promise<R>,
  ) {
    this.name = name;
    this.phases = Object.freeze(phases.map((p) => Object.freeze({ ...p })));
    const stop = new AbortController();
    const context: WorkflowContext = {
      signal: stop.signal,
      phase: (id) => this.startPhase(id),
      progress: (description, percent = null) =>
        this.push({ type: 'progress', phase: this.current, percent, description, elapsedMs: this.elapsed() }),
      warn: (code, message) => {
        const warning: WorkflowWarning = { code, message, phase: this.current };
        this.warningList.push(warning);
        this.push({ type: 'warning', phase: this.current, percent: null, description: message, elapsedMs: this.elapsed(), warning });
        this.emitter.emit('warning', warning);
      },
      elapsed: () => this.elapsed(),
    };
    this.result = new Promise<R>((resolve, reject) => {
      const onAbort = () => {
        stop.abort(signal?.reason);
        reject(new AbortedError(`${name} (stopped waiting; work already started on the server continues)`, signal?.reason, true));
      };
      const badSignal = signalProblem(name, signal);
      if (badSignal) {
        reject(badSignal);
        return;
      }
      if (signal?.aborted) {
        stop.abort(signal.reason);
        reject(new AbortedError(name, signal.reason, false));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      // Start after the caller had a chance to attach listeners to the returned handle.
      queueMicrotask(() => {
        body(context).then(
          (report) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(report);
          },
          (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      });
    }).then(
      (report) => {
        this.value = report;
        this.status = 'succeeded';
        this.end();
        return report;
      },
      (error) => {
        this.status = 'failed';
        this.end();
        throw error;
      },
    );
    // Nobody may ever await a workflow started for its side effects: its rejection must not crash the process.
    this.result.catch(() => {});
  }

  get [Symbol.toStringTag](): string {
    return 'Workflow';
  }

  get state(): WorkflowState {
    return this.status;
  }

  get phase(): WorkflowPhase | undefined {
    return this.current;
  }

  get warnings(): readonly WorkflowWarning[] {
    return [...this.warningList];
  }

  get report(): R | undefined {
    return this.value;
  }

  // biome-ignore lint/suspicious/noThenProperty: a workflow is deliberately a thenable, awaited for its report.
  then<A = R, B = never>(
    onfulfilled?: ((value: R) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then(onfulfilled, onrejected);
  }

  catch<T = never>(onrejected?: ((reason: unknown) => T | PromiseLike<T>) | null): Promise<R | T> {
    return this.result.catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<R> {
    return this.result.finally(onfinally);
  }

  on(event: 'phase', listener: (phase: WorkflowPhase) => void): () => void;
  on(event: 'progress', listener: (update: WorkflowUpdate) => void): () => void;
  on(event: 'warning', listener: (warning: WorkflowWarning) => void): () => void;
  on(event: keyof WorkflowEvents, listener: (value: never) => void): () => void {
    if (event !== 'phase' && event !== 'progress' && event !== 'warning') {
      throw new TypeError(`Workflow.on: unknown event ${JSON.stringify(event)}; use 'phase', 'progress' or 'warning'`);
    }
    return this.emitter.on(event, listener as (value: WorkflowEvents[typeof event]) => void);
  }

  progress(): AsyncIterableIterator<WorkflowUpdate> {
    let position = 0;
    let wake: (() => void) | undefined;
    let closed = false;
    const sink = () => wake?.();
    this.sinks.add(sink);
    const iterator: AsyncIterableIterator<WorkflowUpdate> = {
      next: async () => {
        const available = () => this.dropped + this.history.length;
        while (!closed && position >= available() && this.status === 'running') await new Promise<void>((r) => (wake = r));
        wake = undefined;
        position = Math.max(position, this.dropped);
        if (!closed && position < available()) return { value: this.history[position++ - this.dropped]!, done: false };
        this.sinks.delete(sink);
        return { value: undefined, done: true };
      },
      return: async () => {
        closed = true;
        this.sinks.delete(sink);
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private elapsed(): number {
    return Date.now() - this.started;
  }

  private startPhase(id: string): void {
    // Entering the phase already running is a no-op (shared steps name the phase they belong to).
    if (this.current?.id === id) return;
    const at = this.phases.findIndex((p) => p.id === id);
    if (at < 0) throw new Error(`${this.name}: unknown phase ${id}`);
    const phase: WorkflowPhase = { index: at + 1, total: this.phases.length, id, title: this.phases[at]!.title };
    this.current = phase;
    this.push({ type: 'phase', phase, percent: null, description: phase.title, elapsedMs: this.elapsed() });
    this.emitter.emit('phase', phase);
  }

  private push(update: WorkflowUpdate): void {
    if (this.status !== 'running') return;
    this.history.push(update);
    if (this.history.length > HISTORY_LIMIT) {
      this.history.shift();
      this.dropped++;
    }
    this.emitter.emit('progress', update);
    for (const sink of this.sinks) sink();
  }

  private end(): void {
    for (const sink of this.sinks) sink();
    this.emitter.clear();
  }
}
