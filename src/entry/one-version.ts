/**
 * What an entry for one API version (`truenas-failover/v27.0.0`, …) offers: a `createClient` that
 * knows, types and validates that version only (one generated family: the version and its
 * aliases), so that a bundle carries that version's validators and nothing of the others.
 */
import type { ClientOptions, RestApiVersion, RestClientOptions, RestClientOptionsByUrl } from '../client/options.js';
import type { ApiVersion } from '../generated/index.js';
import type { ApiDescription } from '../types/api-description.js';
import type { ApiRegistry } from '../types/api-registry.js';
import { clientFactory } from './client-factory.js';
import type { Client, RestClient } from './types.js';

/** `createClient` of an entry for the versions `V`, whose servers have no REST (TrueNAS 26 and later). */
export type CreateClientOf<V extends ApiVersion> = <W extends V = V>(options?: ClientOptions<W>) => Client<W>;

/** `createClient` of an entry for the versions `V`, whose servers also serve REST /api/v2.0 (TrueNAS 25.x). */
export interface CreateRestClientOf<V extends RestApiVersion> {
  <W extends V = V>(options: RestClientOptions<W> | RestClientOptionsByUrl<W>): RestClient<W>;
  <W extends V = V>(options?: ClientOptions<W>): Client<W>;
}

/** The version strings of one generated family and a `createClient` for them alone. */
export function oneVersion(description: ApiDescription): {
  versions: readonly string[];
  createClient: (options?: ClientOptions) => unknown;
} {
  const versions = Object.freeze([description.version, ...description.aliases]);
  const api: ApiRegistry = { versions, describe: (version) => (versions.includes(version) ? description : undefined) };
  return { versions, createClient: clientFactory(api) };
}
