/**
 * The features a client of a one-version entry adds when its app uses them (the main entry's
 * clients have them all): `withJobs(client)` lets it start and follow jobs, `withHa(client)` gives
 * it `client.ha`, `withUploads(client)` gives it `client.upload` (both with jobs, which they
 * need). Each is a function the app imports, so that a bundle of an app that does not use it
 * carries none of its code (of a v27.0.0 bundle, the HA workflows are about a sixth, jobs a tenth,
 * uploads a twentieth).
 */
import type { TrueNasClient } from '../client/client.js';
import type { LeanBaseClient, UploadMethod } from '../client/types.js';
import { upload } from '../client/upload.js';
import type { ApiVersion } from '../generated/index.js';
import { attachHa, type HaHelpers } from '../ha/index.js';
import { followJobs } from '../jobs/job-feeds.js';
import { type AddFeatures, pairOf } from './client-factory.js';

/** Every feature: what the main entry's `createClient` adds to each client. */
export const ALL_FEATURES: AddFeatures = (client) => {
  withUploads(withHa(client as unknown as LeanBaseClient<ApiVersion>));
};

function ours(client: object, what: string): TrueNasClient {
  if (typeof client !== 'object' || client === null || !pairOf(client)) {
    throw new TypeError(
      `${what}: expected a client made by createClient of truenas-failover, got ${client === null ? 'null' : typeof client}`,
    );
  }
  return client as TrueNasClient;
}

/**
 * Adds the HA helpers and workflows (`client.ha`: `snapshot`, `waitFor`, `plannedFailover`, …) to
 * a client, with jobs (see `withJobs`), and returns it. Does nothing to a client that has them already.
 *
 * ```ts
 * import { createClient, withHa } from 'truenas-failover/v27.0.0';
 * const client = withHa(createClient({ url: 'wss://nas.example', auth }));
 * const report = await client.ha.plannedFailover();
 * ```
 */
export function withHa<C extends LeanBaseClient<ApiVersion>>(client: C): C & { readonly ha: HaHelpers } {
  const c = ours(client, 'withHa');
  // The workflows start jobs (failover.upgrade).
  c.enableJobs(followJobs);
  if (!('ha' in c)) attachHa(c as never, pairOf(c)!);
  return client as C & { readonly ha: HaHelpers };
}

/**
 * Lets a client start and follow jobs (`failover.upgrade`, `failover.reboot.other_node`: a `Job`
 * with progress, over the `core.get_jobs` events, or polling over REST), and returns it. Does
 * nothing to a client that has them already. Each one-version entry exports it typed by its
 * versions.
 *
 * ```ts
 * import { createClient, withJobs } from 'truenas-failover/v27.0.0';
 * const client = withJobs(createClient({ url: 'wss://nas.example', auth }));
 * await client.failover.reboot.other_node({ reason: 'maintenance', graceful: true });
 * ```
 */
export function withJobs<C extends LeanBaseClient<ApiVersion>>(client: C): C {
  ours(client, 'withJobs').enableJobs(followJobs);
  return client;
}

/**
 * Adds `client.upload` (a job method with a file, `POST /_upload`: `failover.upgrade` with a manual
 * update image) to a client, with jobs (see `withJobs`), and returns it. Does nothing to a client that has it already. Each
 * one-version entry exports it typed by its versions.
 */
export function withUploads<C extends LeanBaseClient<ApiVersion>>(client: C): C & UploadMethod<ApiVersion> {
  const c = ours(client, 'withUploads');
  // An upload starts a job.
  c.enableJobs(followJobs);
  c.enableUploads(upload);
  return client as C & UploadMethod<ApiVersion>;
}
