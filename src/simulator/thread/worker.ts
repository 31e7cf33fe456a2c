/**
 * The worker side of worker mode: serves the requests of thread/host.ts. One worker hosts every
 * simulator its host process starts; each is built by the same `startInProcess()` that in-process
 * mode uses, and its handle is driven here exactly as a caller would drive it.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import type { Simulator } from '../types.js';
import { SimulatorUsageError } from '../usage-error.js';
import {
  EXITED,
  encodeError,
  FAULT_METHODS,
  type Message,
  PAIR_EVENTS,
  type PairEvent,
  REPLIES,
  type Request,
  SimulatorThreadError,
  type StartedSimulator,
  type SyncMethod,
  type WorkerData,
} from './protocol.js';

interface Hosted {
  sim: Simulator;
  /** How many host listeners each event has: only those events cross the thread boundary. */
  listeners: Map<PairEvent, number>;
}

/**
 * Serves the host when this module runs in the worker thread that thread/host.ts created (its
 * `workerData` says so); does nothing anywhere else. src/simulator.ts calls it when loaded.
 */
export function serveWorkerThread(): void {
  const data = workerData as Partial<WorkerData> | null | undefined;
  if (isMainThread || data?.truenasFailoverSimulator !== 1 || !data.port || !data.signal) return;
  // The simulator itself, loading while the first start request is on its way.
  const simulatorModule = import('../start.js');
  const port = data.port;
  const signal = new Int32Array(data.signal);
  const hosted = new Map<number, Hosted>();
  const send = (message: Message) => port.postMessage(message);
  // The host may be blocked in Atomics.wait for a synchronous call: wake it after every reply, and
  // when this thread is leaving, so that it never waits for an answer that cannot come.
  const wake = () => Atomics.notify(signal, REPLIES);
  const reply = (message: Message) => {
    send(message);
    Atomics.add(signal, REPLIES, 1);
    wake();
  };
  const leaving = () => {
    Atomics.store(signal, EXITED, 1);
    wake();
  };
  process.on('exit', leaving);
  process.on('uncaughtException', (error) => {
    send({ type: 'crash', error: encodeError(error) });
    leaving();
    process.exit(1);
  });

  const entry = (sim: number): Hosted => {
    const found = hosted.get(sim);
    if (!found) throw new SimulatorThreadError('the simulator was stopped');
    return found;
  };

  const start = async (request: Extract<Request, { op: 'start' }>): Promise<StartedSimulator> => {
    const logger = request.logger ? (line: string) => send({ type: 'log', sim: request.sim, line }) : undefined;
    const { startInProcess } = await simulatorModule;
    const sim = await startInProcess({ ...request.options, logger });
    const state: Hosted = { sim, listeners: new Map() };
    for (const event of PAIR_EVENTS) {
      sim.on(event, (payload) => {
        if (state.listeners.get(event)) send({ type: 'event', sim: request.sim, event, payload });
      });
    }
    hosted.set(request.sim, state);
    return { vip: sim.vip, a: sim.a, b: sim.b, credentials: sim.credentials, apiVersion: sim.apiVersion };
  };

  const call = (state: Hosted, method: SyncMethod, args: unknown[]): unknown => {
    if (method === 'state') return state.sim.state();
    if (method === 'otpToken') return state.sim.otpToken();
    if (method === 'subscribe') {
      const event = args[0] as PairEvent;
      state.listeners.set(event, (state.listeners.get(event) ?? 0) + 1);
      return;
    }
    const name = method.slice('faults.'.length) as (typeof FAULT_METHODS)[number];
    if (!FAULT_METHODS.includes(name)) throw new SimulatorUsageError('method', `no fault ${JSON.stringify(name)}`);
    return Reflect.apply(state.sim.faults[name], state.sim.faults, args);
  };

  const stop = async (sim: number): Promise<void> => {
    const state = hosted.get(sim);
    if (!state) return;
    await state.sim.stop();
    hosted.delete(sim);
  };

  const answer = (id: number, outcome: () => unknown) => {
    try {
      reply({ type: 'reply', id, ok: true, value: outcome() });
    } catch (error) {
      reply({ type: 'reply', id, ok: false, error: encodeError(error) });
    }
  };

  port.on('message', (request: Request) => {
    switch (request.op) {
      case 'call': {
        // The host is waiting: answered in this turn of the event loop, but once what the call set
        // in motion without waiting has run (promise callbacks, nextTick), as it has in process by
        // the time the caller next awaits. E.g. killController('A') closes A's port in a promise
        // callback: replying before it, a caller could still connect to A after the call returned.
        let outcome: () => unknown;
        try {
          const value = call(entry(request.sim), request.method, request.args);
          outcome = () => value;
        } catch (error) {
          outcome = () => {
            throw error;
          };
        }
        setImmediate(() => answer(request.id, outcome));
        return;
      }
      case 'start':
      case 'stop':
        (request.op === 'start' ? start(request) : stop(request.sim)).then(
          (value) => answer(request.id, () => value),
          (error: unknown) =>
            answer(request.id, () => {
              throw error;
            }),
        );
        return;
      case 'unsubscribe': {
        const listeners = hosted.get(request.sim)?.listeners;
        const count = listeners?.get(request.event) ?? 0;
        if (count > 0) listeners?.set(request.event, count - 1);
        return;
      }
    }
  });
}
