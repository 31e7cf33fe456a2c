/** Every method the simulator implements, by name; each endpoint exposes those its API version has. */
import type { Handler } from '../rpc/dispatch.js';
import { authHandlers } from './auth.js';
import { coreHandlers } from './core.js';
import { failoverHandlers } from './failover.js';
import { systemHandlers } from './system.js';

export const handlers: ReadonlyMap<string, Handler> = new Map(
  Object.entries({ ...coreHandlers, ...authHandlers, ...failoverHandlers, ...systemHandlers }),
);
