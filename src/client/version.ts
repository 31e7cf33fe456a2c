/** Which API version to speak: given, named in the URL path, or discovered from `GET /api/versions`. */
import { API_VERSIONS, type ApiVersion, isApiVersion, LATEST_API_VERSION } from '../generated/index.js';
import type { TlsOptions } from '../transport/websocket-like.js';
import { httpGetJson } from '../util/http.js';
import { type ControllerAddress, versionFromPath } from '../util/url.js';

/** Major number of a version string: `v25.10.0` → 25. */
export function apiMajor(version: string): number {
  return Number(version.match(/^v(\d+)/)?.[1] ?? 0);
}

/** True when `version` is at least `min` (both `vMAJOR.MINOR[.PATCH]`). */
export function atLeast(version: string, min: string): boolean {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const a = parse(version);
  const b = parse(min);
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The version fixed by options or the URL path, or undefined when it must be discovered. */
export function fixedVersion(apiVersion: string | undefined, addresses: readonly ControllerAddress[]): ApiVersion | undefined {
  if (apiVersion !== undefined) {
    if (!isApiVersion(apiVersion))
      throw new TypeError(`createClient: apiVersion ${JSON.stringify(apiVersion)} is not one of ${API_VERSIONS.join(', ')}`);
    for (const a of addresses) {
      const inPath = versionFromPath(a.path);
      if (inPath && inPath !== apiVersion) throw new TypeError(`createClient: apiVersion ${apiVersion} contradicts the URL path ${a.path}`);
    }
    return apiVersion;
  }
  for (const a of addresses) {
    const inPath = versionFromPath(a.path);
    if (inPath) {
      if (!isApiVersion(inPath))
        throw new TypeError(
          `createClient: the URL path names API ${inPath}, which this package does not know (${API_VERSIONS.join(', ')})`,
        );
      return inPath;
    }
  }
  return undefined;
}

/** The newest version both the server (its `/api/versions` list) and this package know. */
export function pickVersion(serverVersions: unknown): ApiVersion | undefined {
  if (!Array.isArray(serverVersions)) return undefined;
  const offered = new Set(serverVersions.map(String));
  for (let i = API_VERSIONS.length - 1; i >= 0; i--) if (offered.has(API_VERSIONS[i]!)) return API_VERSIONS[i];
  return undefined;
}

export interface DiscoveredVersion {
  version: ApiVersion;
  /** False when the server could not be asked and the newest known version is assumed. */
  confirmed: boolean;
}

export async function discoverVersion(
  address: ControllerAddress,
  tls: TlsOptions | undefined,
  timeout: number,
  signal?: AbortSignal,
): Promise<ApiVersion> {
  const list = await httpGetJson(`${address.httpBase}/api/versions`, { tls, timeout, signal });
  const version = pickVersion(list);
  if (!version) {
    throw new TypeError(
      `The server at ${address.httpBase} offers API versions ${JSON.stringify(list)}, none of which this package knows (${API_VERSIONS.join(', ')}).`,
    );
  }
  return version;
}

export { LATEST_API_VERSION };
