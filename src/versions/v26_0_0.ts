/**
 * `truenas-failover/v26.0.0`: the client for API version(s) v26.0.0 only, with everything else
 * the main entry offers that does not depend on the version. Its bundle carries this version's
 * validators alone. `API_VERSIONS` lists the versions this entry speaks. Its clients are lean:
 * `withJobs(client)` adds the job methods, `withHa(client)` adds `client.ha`, `withUploads(client)`
 * adds `client.upload` (both with jobs), so that an app pays for those only when it imports them.
 */
import { WEBSOCKET_ONLY } from '../entry/drivers.js';
import { withHa as addHa, withJobs as addJobs, withUploads as addUploads } from '../entry/features.js';
import { type CreateClientOf, oneVersion, type WithHaOf, type WithJobsOf, type WithUploadsOf } from '../entry/one-version.js';
import { description, type Versions } from '../generated/v26_0_0/index.js';

export * from '../public.js';

const entry = oneVersion(description, WEBSOCKET_ONLY);

/**
 * Creates a client of API version(s) v26.0.0 (see `createClient` of `truenas-failover`),
 * without jobs, `ha` and `upload` (see `withJobs`, `withHa`, `withUploads`). Nothing is sent until the first call (or `connect()`).
 */
export const createClient = entry.createClient as CreateClientOf<Versions>;
/** The API versions this entry speaks. */
export const API_VERSIONS = entry.versions as readonly Versions[];
/** Adds the job methods (`failover.upgrade`, `failover.reboot.other_node`, …: a `Job` each) to a client of this entry, and returns it. */
export const withJobs = addJobs as WithJobsOf<Versions>;
/** Adds `client.ha` (HA helpers and workflows), with jobs, to a client of this entry, and returns it. */
export const withHa = addHa as WithHaOf<Versions>;
/** Adds `client.upload` (a job method with a file: `failover.upgrade` with an update image), with jobs, to a client of this entry, and returns it. */
export const withUploads = addUploads as WithUploadsOf<Versions>;
