/**
 * `truenas-failover/v26.0.0`: the client for API version(s) v26.0.0 only, with everything else
 * the main entry offers that does not depend on the version. Its bundle carries this version's
 * validators alone. `API_VERSIONS` lists the versions this entry speaks.
 */
import { WEBSOCKET_ONLY } from '../entry/drivers.js';
import { type CreateClientOf, oneVersion } from '../entry/one-version.js';
import { description, type Versions } from '../generated/v26_0_0/index.js';

export * from '../public.js';

const entry = oneVersion(description, WEBSOCKET_ONLY);

/**
 * Creates a client of API version(s) v26.0.0 (see `createClient` of `truenas-failover`).
 * Nothing is sent until the first call (or `connect()`).
 */
export const createClient = entry.createClient as CreateClientOf<Versions>;
/** The API versions this entry speaks. */
export const API_VERSIONS = entry.versions as readonly Versions[];
