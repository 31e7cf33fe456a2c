/**
 * Emitters for the modules of src/generated/ that span every family: the version list, the
 * all-versions registry, the validators barrel and the loader of the raw schema files.
 */
import { relative } from 'node:path';
import { HEADER } from './emit.js';
import type { Family } from './family.js';
import { compareVersions } from './schema-file.js';

const str = (value: unknown) => JSON.stringify(value);

/** Every version string with the family that serves it, oldest first. */
function versions(families: Family[]): { version: string; family: Family }[] {
  return families
    .flatMap((family) => family.versions.map((version) => ({ version, family })))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** versions.ts: the known API versions, with no description attached (cheap to import). */
export function emitVersions(families: Family[]): string {
  const all = versions(families).map((v) => v.version);
  return `${HEADER}
/** Every TrueNAS API version this package knows, oldest first. */
export const API_VERSIONS = ${str(all)} as const;
/** A TrueNAS API version string, such as \`v25.10.0\`. */
export type ApiVersion = (typeof API_VERSIONS)[number];
/** The newest API version this package knows. */
export const LATEST_API_VERSION = ${str(all[all.length - 1])} as const;
/** The newest API version this package knows. */
export type LatestApiVersion = typeof LATEST_API_VERSION;

/** True when \`version\` is an API version this package knows. */
export function isApiVersion(version: string): version is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(version);
}
`;
}

/** index.ts: every version's types and runtime description, by version string. */
export function emitRegistry(families: Family[]): string {
  const all = versions(families);
  const lines = [
    HEADER,
    "import type { ApiDescriptionData } from '../types/api-description.js';",
    "import type { ApiVersion } from './versions.js';",
    ...families.map((f) => `import * as ${f.id} from './${f.id}/index.js';`),
    '',
    "export { API_VERSIONS, type ApiVersion, isApiVersion, LATEST_API_VERSION, type LatestApiVersion } from './versions.js';",
    '',
    '/** The method map of each API version (calls, jobs and events), as types. */',
    'export interface ApiByVersion {',
    ...all.map((a) => `  ${str(a.version)}: ${a.family.id}.Api;`),
    '}',
    '',
    '/** The client namespaces of each API version; `T` is the transport. */',
    "export interface NamespacesByVersion<T extends 'websocket' | 'rest' = 'websocket'> {",
    ...all.map((a) => `  ${str(a.version)}: ${a.family.id}.Namespaces<T>;`),
    '}',
    '',
    'const descriptions: Record<ApiVersion, ApiDescriptionData> = {',
    ...all.map((a) => `  ${str(a.version)}: ${a.family.id}.description,`),
    '};',
    '',
    '/**',
    ' * The description (methods, events, validators as schema nodes) of an API version. This bundles',
    ' * every version; an app that talks to one imports `./<family>/index.js` (its `description`) instead.',
    ' */',
    'export function apiDescriptionData(version: ApiVersion): ApiDescriptionData {',
    '  return descriptions[version];',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** validators.ts: the zod validators of every family, by family. */
export function emitValidatorsBarrel(families: Family[]): string {
  const lines = [HEADER, '/** zod validators per API version family (argument lists, results, event payloads, every named type). */'];
  for (const f of families) lines.push(`export * as ${f.id} from './${f.id}/validators.js';`);
  return `${lines.join('\n')}\n`;
}

/** schema-files.ts: the files of schema/ as JSON imports, for tools (the client never imports this). */
export function emitSchemaFiles(families: Family[], files: string[], schemaDir: string, outDir: string): string {
  const dir = relative(outDir, schemaDir).replaceAll('\\', '/');
  const lines = [HEADER, "import type { SchemaFile } from '../types/schema-file.js';"];
  for (const [i, f] of families.entries()) lines.push(`import ${f.id} from '${dir}/${files[i]}' with { type: 'json' };`);
  lines.push(
    '',
    '/** The schema files (schema/*.json), by the primary version each describes. */',
    'export const schemaFiles: Readonly<Record<string, SchemaFile>> = {',
    ...families.map((f) => `  ${str(f.schema.version)}: ${f.id} as SchemaFile,`),
    '};',
    '',
    '/** The schema file that describes an API version (its primary version or an alias). */',
    'export function schemaFileOf(version: string): SchemaFile | undefined {',
    '  return Object.values(schemaFiles).find((f) => f.version === version || f.aliases.includes(version));',
    '}',
  );
  return `${lines.join('\n')}\n`;
}
