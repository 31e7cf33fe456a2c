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
// REST /api/v2.0 on every controller (API versions before v26.0.0). A call, not a bare import:
// the package is marked side-effect free, so bundlers would drop a bare import.
import { serveRestApi } from './simulator/rest/index.js';

serveRestApi();

export type {
  InjectedCallError,
  InjectedJobFailure,
  SimulatorFaults,
} from './simulator/faults.js';
export { SimulatorUsageError } from './simulator/faults.js';
export { startSimulator } from './simulator/start.js';
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
