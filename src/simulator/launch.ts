/**
 * `startSimulator()`: in the shared worker thread (thread/host.ts) by default, or with
 * `inProcess: true` in the caller's thread. Nothing here loads the simulator itself: a process
 * whose simulators run in the worker never evaluates the servers, the state machine or the
 * schema, and pays for them once, in the worker.
 */
import { resolveOptions } from './options.js';
import { startInWorker } from './thread/host.js';
import type { Simulator, SimulatorOptions } from './types.js';

/**
 * Starts a simulated TrueNAS HA pair (controllers A and B and a VIP) on loopback: in a worker
 * thread, so that it answers while the caller's event loop is blocked, or with `inProcess: true`
 * in the caller's thread.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (!resolveOptions(options).inProcess) return startInWorker(options);
  const { startInProcess } = await import('./start.js');
  return startInProcess(options);
}
