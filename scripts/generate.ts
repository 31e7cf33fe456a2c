/**
 * `npm run generate`: reads schema/ and writes src/generated/ (OpenAPI documents, types from
 * openapi-typescript, zod validators, the method map and runtime metadata). Deterministic: the
 * same schema always gives byte-identical output, which CI checks.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { emitApi, emitMeta, emitValidators, HEADER } from './lib/emit.js';
import { buildOpenApi } from './lib/openapi.js';
import { compareVersions, loadSchemas, versionId, versionsOf } from './lib/schema-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/generated');

export async function generate(schemaDir = join(root, 'schema'), outDir = out): Promise<string[]> {
  const schemas = loadSchemas(schemaDir);
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  };
  rmSync(outDir, { recursive: true, force: true });

  const families: { id: string; version: string; versions: string[] }[] = [];
  for (const { data } of schemas) {
    const id = versionId(data.version);
    const dir = join(outDir, id);
    const build = buildOpenApi(data);
    write(join(dir, 'openapi.json'), `${JSON.stringify(build.document, null, 2)}\n`);
    const ast = await openapiTS(structuredClone(build.document) as never, { defaultNonNullable: false, alphabetize: false });
    write(join(dir, 'types.ts'), `${HEADER}/* eslint-disable */\n${astToString(ast)}`);
    write(join(dir, 'validators.ts'), emitValidators(data, build));
    write(join(dir, 'api.ts'), emitApi(data, build));
    write(join(dir, 'meta.ts'), emitMeta(data, build));
    write(
      join(dir, 'raw.ts'),
      `${HEADER}import type { SchemaFileJson } from '../../types/schema-file.js';\n\n/** The schema file this version was generated from. */\nexport const schema: SchemaFileJson = ${JSON.stringify(data, null, 2)};\n`,
    );
    families.push({ id, version: data.version, versions: versionsOf(data) });
  }

  const all = families.flatMap((f) => f.versions.map((v) => ({ v, f }))).sort((a, b) => compareVersions(a.v, b.v));
  const latest = all[all.length - 1]!.v;
  const lines: string[] = [HEADER];
  lines.push("import type { ApiDescription } from '../types/api-description.js';");
  lines.push("import type { SchemaFileJson } from '../types/schema-file.js';");
  for (const f of families) {
    lines.push(`import type { Api as Api_${f.id}, Namespaces as Namespaces_${f.id} } from './${f.id}/api.js';`);
    lines.push(`import { api as api_${f.id} } from './${f.id}/meta.js';`);
    lines.push(`import { schema as schema_${f.id} } from './${f.id}/raw.js';`);
  }
  lines.push('');
  lines.push('/** Every TrueNAS API version this package knows, oldest first. */');
  lines.push(`export const API_VERSIONS = ${JSON.stringify(all.map((a) => a.v))} as const;`);
  lines.push('/** A TrueNAS API version string, such as `v25.10.0`. */');
  lines.push('export type ApiVersion = (typeof API_VERSIONS)[number];');
  lines.push('/** The newest API version this package knows. */');
  lines.push(`export const LATEST_API_VERSION = ${JSON.stringify(latest)} as const;`);
  lines.push('/** The newest API version this package knows. */');
  lines.push('export type LatestApiVersion = typeof LATEST_API_VERSION;\n');
  lines.push('/** The method map of each API version (calls, jobs and events), as types. */');
  lines.push('export interface ApiByVersion {');
  for (const a of all) lines.push(`  ${JSON.stringify(a.v)}: Api_${a.f.id};`);
  lines.push('}\n');
  lines.push('/** The client namespaces of each API version; `T` is the transport. */');
  lines.push("export interface NamespacesByVersion<T extends 'websocket' | 'rest' = 'websocket'> {");
  for (const a of all) lines.push(`  ${JSON.stringify(a.v)}: Namespaces_${a.f.id}<T>;`);
  lines.push('}\n');
  lines.push('const descriptions: Record<ApiVersion, ApiDescription> = {');
  for (const a of all) lines.push(`  ${JSON.stringify(a.v)}: api_${a.f.id},`);
  lines.push('};\n');
  lines.push('/** Runtime description (methods, events, validators) of an API version. */');
  lines.push('export function apiDescription(version: ApiVersion): ApiDescription {');
  lines.push('  return descriptions[version];');
  lines.push('}\n');
  lines.push('/** True when `version` is an API version this package knows. */');
  lines.push('export function isApiVersion(version: string): version is ApiVersion {');
  lines.push('  return Object.hasOwn(descriptions, version);');
  lines.push('}\n');
  lines.push('/** The schema files, by the primary version they describe. */');
  lines.push('export const schemaFiles: Readonly<Record<string, SchemaFileJson>> = {');
  for (const f of families) lines.push(`  ${JSON.stringify(f.version)}: schema_${f.id},`);
  lines.push('};');
  write(join(outDir, 'index.ts'), `${lines.join('\n')}\n`);

  lines.length = 0;
  lines.push(HEADER, '/** zod validators per API version family (argument lists, results, event payloads, every named type). */');
  for (const f of families) lines.push(`export * as ${f.id} from './${f.id}/validators.js';`);
  write(join(outDir, 'validators.ts'), `${lines.join('\n')}\n`);
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await generate();
  console.log(`generate: wrote ${files.length} files to ${out.slice(root.length + 1)}/`);
}
