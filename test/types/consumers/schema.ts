/** A tool's code against `truenas-failover/schema` (see client.ts). */
import { type ApiVersion, apiDescription, checkArguments, isApiVersion, type MethodDescription } from 'truenas-failover/schema';

export function describe(version: string, method: string): string {
  if (!isApiVersion(version)) return 'unknown version';
  const v: ApiVersion = version;
  const description: MethodDescription | undefined = apiDescription(v).methods[method];
  if (!description) return 'unknown method';
  const check = checkArguments(description, [{ timeout: 'soon' }]);
  return check.ok ? 'ok' : check.issues.map((i) => `${i.attribute}: ${i.message}`).join('; ');
}
