/** Every API version this package knows, as the client core takes them (the main entry's registry). */
import { API_VERSIONS, type ApiVersion, isApiVersion } from '../generated/index.js';
import type { ApiRegistry } from '../types/api-registry.js';
import { apiDescription } from '../validation/api-descriptions.js';
import { cleanLegacyArguments } from '../validation/legacy.js';

export const allVersions: ApiRegistry = {
  versions: API_VERSIONS,
  describe: (version) => (isApiVersion(version) ? apiDescription(version as ApiVersion) : undefined),
  legacyArguments: cleanLegacyArguments,
};
