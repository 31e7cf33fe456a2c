/** Which API version to speak when the options or the URL path fix it (else the driver discovers it). */
import type { ApiRegistry } from '../types/api-registry.js';
import { type ControllerAddress, versionFromPath } from '../util/url.js';

/** The version fixed by options or the URL path, or undefined when it must be discovered. */
export function fixedVersion(
  apiVersion: string | undefined,
  addresses: readonly ControllerAddress[],
  api: ApiRegistry,
): string | undefined {
  const known = (v: string) => api.versions.includes(v);
  if (apiVersion !== undefined) {
    if (!known(apiVersion))
      throw new TypeError(`createClient: apiVersion ${JSON.stringify(apiVersion)} is not one of ${api.versions.join(', ')}`);
    for (const a of addresses) {
      const inPath = versionFromPath(a.path);
      if (inPath && inPath !== apiVersion) throw new TypeError(`createClient: apiVersion ${apiVersion} contradicts the URL path ${a.path}`);
    }
    return apiVersion;
  }
  for (const a of addresses) {
    const inPath = versionFromPath(a.path);
    if (inPath) {
      if (!known(inPath))
        throw new TypeError(
          `createClient: the URL path names API ${inPath}, which this package does not know (${api.versions.join(', ')})`,
        );
      return inPath;
    }
  }
  return undefined;
}
