/**
 * Which methods take an uploaded file. The schema keeps TrueNAS's `input_pipes` flag on each method
 * (`failover.upgrade`: an optional update image); the generated descriptions do not carry it, so it
 * is read from the raw schema files here, once per API version.
 */
import { schemaFiles } from '../generated/index.js';

const cache = new Map<string, ReadonlySet<string>>();

function uploadMethods(version: string): ReadonlySet<string> {
  let methods = cache.get(version);
  if (!methods) {
    const file = Object.values(schemaFiles).find((f) => f.version === version || f.aliases.includes(version));
    methods = new Set((file?.methods ?? []).filter((m) => m.input_pipes === true).map((m) => m.name));
    cache.set(version, methods);
  }
  return methods;
}

/** True when `method` of API `version` accepts an uploaded file (`POST /_upload`). */
export function takesUpload(version: string, method: string): boolean {
  return uploadMethods(version).has(method);
}
