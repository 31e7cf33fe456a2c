/** Loading the files in schema/ and naming their versions (the file shape: src/types/schema-file.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaFile } from '../../src/types/schema-file.js';

export { pascal } from '../../src/schema/openapi.js';
export type { JsonSchema, SchemaEvent, SchemaFile, SchemaMethod } from '../../src/types/schema-file.js';

export interface LoadedSchema {
  file: string;
  data: SchemaFile;
}

export function loadSchemas(dir: string): LoadedSchema[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaFile }));
}

/** Every API version string a schema file answers for. */
export function versionsOf(schema: SchemaFile): string[] {
  return [schema.version, ...schema.aliases];
}

/** Compares version strings such as `v25.10.2` numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Directory / identifier name for a version: `v25.10.2` → `v25_10_2`. */
export function versionId(version: string): string {
  return version.replace(/\./g, '_');
}
