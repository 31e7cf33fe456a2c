/** Comparing TrueNAS API version strings (`v25.10.0`, `v27.0.0`). */

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

/** The newest of `known` (oldest first) that the server's `/api/versions` list offers and `accept` takes. */
export function newestOffered(
  serverVersions: unknown,
  known: readonly string[],
  accept: (version: string) => boolean = () => true,
): string | undefined {
  if (!Array.isArray(serverVersions)) return undefined;
  const offered = new Set(serverVersions.map(String));
  for (let i = known.length - 1; i >= 0; i--) if (offered.has(known[i]!) && accept(known[i]!)) return known[i];
  return undefined;
}
