/**
 * `truenas-failover/v26.0.0`: the client for API version(s) v26.0.0 only, with everything else
 * the main entry offers that does not depend on the version. Its bundle carries this version's
 * validators alone. `API_VERSIONS` lists the versions this entry speaks. Its clients are lean:
 * `withHa(client)` adds `client.ha`, `withUploads(client)` adds `client.upload`, so that an app pays
 * for those only when it imports them.
 */
import { WEBSOCKET_ONLY } from '../entry/drivers.js';
import { withUploads as addUploads } from '../entry/features.js';
import { type CreateClientOf, oneVersion, type WithUploadsOf } from '../entry/one-version.js';
import { description, type Versions } from '../generated/v26_0_0/index.js';

export { withHa } from '../entry/features.js';
export * from '../public.js';

const entry = oneVersion(description, WEBSOCKET_ONLY);

/**
 * Creates a client of API version(s) v26.0.0 (see `createClient` of `truenas-failover`),
 * without `ha` and `upload` (see `withHa`, `withUploads`). Nothing is sent until the first call (or `connect()`).
 */
export const createClient = entry.createClient as CreateClientOf<Versions>;
/** The API versions this entry speaks. */
export const API_VERSIONS = entry.versions as readonly Versions[];
/** Adds `client.upload` (a job method with a file: `failover.upgrade` with an update image) to a client of this entry, and returns it. */
export const withUploads = addUploads as WithUploadsOf<Versions>;
