/** The runtime description of every API version (for what serves or describes them all: the main entry, the simulator, the CLI). */
import { type ApiVersion, apiDescriptionData } from '../generated/index.js';
import type { ApiDescription } from '../types/api-description.js';
import { describeVersion } from './validator.js';

/**
 * Runtime description (methods, events, validators) of an API version. This bundles every
 * version; an app that talks to one imports that version's entry (`truenas-failover/v27.0.0`).
 */
export function apiDescription(version: ApiVersion): ApiDescription {
  return describeVersion(apiDescriptionData(version));
}
