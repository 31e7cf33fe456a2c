/**
 * What an entry for one API version (`truenas-failover/v27.0.0`, …) offers: a `createClient` that
 * knows, types and validates that version only (one generated family: the version and its
 * aliases), so that a bundle carries that version's validators and nothing of the others. Its
 * clients are lean: jobs, `client.ha` and `client.upload` come with `withJobs`, `withHa` and
 * `withUploads` (./features.ts), imported by the apps that use them.
 */
import type { ClientOptions, RestApiVersion, RestClientOptions, RestClientOptionsByUrl } from '../client/options.js';
import type { Drivers } from '../client/select-transport.js';
import type { LeanBaseClient, UploadMethod } from '../client/types.js';
import type { ApiVersion } from '../generated/index.js';
import type { HaHelpers } from '../ha/index.js';
import type { ApiDescriptionData } from '../types/api-description.js';
import type { ApiRegistry, LegacyArgumentsCheck } from '../types/api-registry.js';
import { describeVersion } from '../validation/validator.js';
import { clientFactory } from './client-factory.js';
import type { JobMethods, LeanClient, LeanRestClient } from './types.js';

/**
 * `createClient` of an entry for the versions `V`, whose servers have no REST (TrueNAS 26 and
 * later): WebSocket only (`transport: 'rest'` is refused here, http(s):// addresses when called).
 */
export type CreateClientOf<V extends ApiVersion> = <W extends V = V>(
  options?: ClientOptions<W> & { transport?: 'websocket' },
) => LeanClient<W>;

/** `createClient` of an entry for the versions `V`, whose servers also serve REST /api/v2.0 (TrueNAS 25.x). */
export interface CreateRestClientOf<V extends RestApiVersion> {
  <W extends V = V>(options: RestClientOptions<W> | RestClientOptionsByUrl<W>): LeanRestClient<W>;
  <W extends V = V>(options?: ClientOptions<W>): LeanClient<W>;
}

/** The transport a lean client `C` is typed with. */
type TransportOf<C> = C extends { readonly transport: 'rest' } ? 'rest' : 'websocket';

/** `withJobs` of an entry for the versions `V`: the job methods typed by them. */
export type WithJobsOf<V extends ApiVersion> = <C extends LeanBaseClient<ApiVersion>>(client: C) => C & JobMethods<V, TransportOf<C>>;

/** `withHa` of an entry for the versions `V`: `client.ha`, and the job methods its workflows start. */
export type WithHaOf<V extends ApiVersion> = <C extends LeanBaseClient<ApiVersion>>(
  client: C,
) => C & { readonly ha: HaHelpers } & JobMethods<V, TransportOf<C>>;

/** `withUploads` of an entry for the versions `V`: `client.upload` typed by them, and the job methods. */
export type WithUploadsOf<V extends ApiVersion> = <C extends LeanBaseClient<ApiVersion>>(
  client: C,
) => C & UploadMethod<V> & JobMethods<V, TransportOf<C>>;

/**
 * The version strings of one generated family and a `createClient` for them alone, over `drivers`
 * (REST exactly when the family has it) and, when the family has methods TrueNAS 25.04 checks with
 * `@accepts`, that layer (`legacyArguments`). A family given more or less than it needs is a fault
 * of its entry file, reported when the entry loads.
 */
export function oneVersion(
  generated: ApiDescriptionData,
  drivers: Drivers,
  legacyArguments?: LegacyArgumentsCheck,
): {
  versions: readonly string[];
  createClient: (options?: ClientOptions) => unknown;
} {
  const needsLegacy = Object.values(generated.methods).some((m) => m.validation === 'legacy');
  if (generated.rest !== (drivers.rest !== undefined) || needsLegacy !== (legacyArguments !== undefined)) {
    throw new Error(
      `entry of API ${generated.version}: REST ${generated.rest ? 'needed' : 'not served'}, 25.04 @accepts layer ${needsLegacy ? 'needed' : 'not used'}; the entry gives ${drivers.rest ? 'a' : 'no'} REST driver and ${legacyArguments ? 'the' : 'no'} @accepts layer`,
    );
  }
  const versions = Object.freeze([generated.version, ...generated.aliases]);
  const api: ApiRegistry = {
    versions,
    // Validators are built on first use, not when the entry loads.
    describe: (version) => (versions.includes(version) ? describeVersion(generated) : undefined),
    ...(legacyArguments ? { legacyArguments } : {}),
  };
  return { versions, createClient: clientFactory(api, drivers) };
}
