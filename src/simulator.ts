/**
 * `truenas-failover/simulator`: a TrueNAS HA pair (controllers A and B and a VIP) on loopback that
 * speaks the real protocol, for tests and drills. Node only.
 *
 * ```ts
 * import { startSimulator } from 'truenas-failover/simulator';
 * const sim = await startSimulator({ apiVersion: 'v25.10.0' });
 * // connect to `${sim.vip.ws}/api/current`, log in with sim.credentials.apiKey ...
 * sim.faults.killController('A');
 * await sim.stop();
 * ```
 */
import { serveWorkerThread } from './simulator/thread/worker.js';

// Worker mode (the default) loads this module in a worker thread; there it serves its host.
serveWorkerThread();

export type {
  InjectedCallError,
  InjectedJobFailure,
  SimulatorFaults,
} from './simulator/faults.js';
export { startSimulator } from './simulator/launch.js';
export { SimulatorThreadError } from './simulator/thread/protocol.js';
export type {
  ControllerSnapshot,
  FailoverStatusValue,
  NodeLetter,
  PowerState,
  Simulator,
  SimulatorCredentials,
  SimulatorEndpoint,
  SimulatorEvents,
  SimulatorOptions,
  SimulatorState,
  SimulatorUserCredentials,
} from './simulator/types.js';
export { simulatedUpdateImage } from './simulator/upload/image.js';
export { SimulatorUsageError } from './simulator/usage-error.js';
