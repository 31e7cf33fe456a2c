/**
 * REST `/api/v2.0` for the simulator: `serveRestApi()` adds the REST route to every controller
 * started afterwards. `src/simulator.ts` calls it when loaded, so `startSimulator()` serves REST
 * for API versions before v26.0.0 (v26+ answer 404, as TrueNAS 26 removed REST).
 */
import { registerHttpRoute } from '../server/http-routes.js';
import { restRoute } from './handler.js';

/** Registers the REST route (idempotent). */
export function serveRestApi(): void {
  registerHttpRoute(restRoute);
}

export { restRoute };
