/**
 * API versions whose servers also serve REST /api/v2.0: those before v26.0.0 (TrueNAS 26 removed
 * REST). Among the versions this package knows, that is the 25.x family.
 */
import { API_VERSIONS, type ApiVersion, apiDescriptionData } from '../generated/index.js';

export type { RestApiVersion } from '../client/options.js';

import type { RestApiVersion } from '../client/options.js';

/** The newest API version with REST; REST clients are typed with it by default. */
export const LATEST_REST_API_VERSION = 'v25.10.5' satisfies RestApiVersion;
export type LatestRestApiVersion = typeof LATEST_REST_API_VERSION;

/** True when servers of `version` serve REST (from the schema's `rest` flag). */
export function isRestVersion(version: string): version is RestApiVersion {
  // The generated facts: asking needs no validators built.
  return (API_VERSIONS as readonly string[]).includes(version) && apiDescriptionData(version as ApiVersion).rest;
}

/** Every known API version with REST, oldest first. */
export const REST_API_VERSIONS: readonly RestApiVersion[] = API_VERSIONS.filter(isRestVersion);
