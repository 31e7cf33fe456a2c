/**
 * `npm run import-dump -- FILE [--schema-dir DIR] [--api-version vXX.YY.Z] [--dry-run]`
 *
 * Refreshes schema/ from a real TrueNAS API description: `middlewared --dump-api` output (default or
 * keep-refs form) or the JSON result of `core.get_methods` (which names no version: pass
 * --api-version). Only the failover namespace and the core/auth methods our schema lists are
 * touched. See docs/schema.md for the merge rules. Output is deterministic; a file is rewritten only
 * when its content changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyDump } from './lib/dump/apply.js';
import { readDump } from './lib/dump/read-dump.js';
import { compareVersions, loadSchemas, type SchemaFile, versionsOf } from './lib/schema-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ImportOptions {
  schemaDir?: string;
  apiVersion?: string;
  dryRun?: boolean;
}

export interface ImportedFile {
  file: string;
  version: string;
  created: boolean;
  changed: boolean;
  notes: string[];
}

export const formatSchema = (schema: SchemaFile) => `${JSON.stringify(schema, null, 2)}\n`;

/** Imports every API version of `input` that maps to a schema file; returns what happened per file. */
export function importDump(input: unknown, options: ImportOptions = {}): { files: ImportedFile[]; skipped: string[] } {
  const dir = options.schemaDir ?? join(root, 'schema');
  const loaded = loadSchemas(dir);
  const dumps = readDump(input, { apiVersion: options.apiVersion });
  const inInput = new Set(dumps.map((d) => d.version));
  const files: ImportedFile[] = [];
  const skipped: string[] = [];
  for (const dump of dumps) {
    let target = loaded.find((l) => versionsOf(l.data).includes(dump.version));
    let created = false;
    if (target && target.data.version !== dump.version) {
      // Aliases share the primary version's surface; the primary is the one to import.
      skipped.push(
        `${dump.version}: alias of ${target.data.version} (${target.file})${inInput.has(target.data.version) ? '' : '; import the primary version, or split the family by hand'}`,
      );
      continue;
    }
    if (!target) {
      // A version we have no file for starts as a copy of the closest older one.
      const older = loaded
        .filter((l) => compareVersions(l.data.version, dump.version) < 0)
        .sort((a, b) => compareVersions(a.data.version, b.data.version));
      const base = older[older.length - 1] ?? loaded[loaded.length - 1];
      if (!base) throw new Error(`import-dump: ${dir} has no schema file to start ${dump.version} from`);
      target = { file: `${dump.version}.json`, data: { ...structuredClone(base.data), version: dump.version, aliases: [] } };
      loaded.push(target);
      created = true;
    }
    const { schema, notes } = applyDump(target.data, dump);
    const before = created ? '' : formatSchema(target.data);
    const after = formatSchema(schema);
    const changed = before !== after;
    if (changed && !options.dryRun) writeFileSync(join(dir, target.file), after);
    target.data = schema;
    files.push({ file: target.file, version: dump.version, created, changed, notes });
  }
  return { files, skipped };
}

function parseArgs(argv: string[]): { file: string; options: ImportOptions } {
  const options: ImportOptions = {};
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`import-dump: ${arg} needs a value`);
      return v;
    };
    if (arg === '--schema-dir') options.schemaDir = resolve(value());
    else if (arg === '--api-version') options.apiVersion = value();
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg.startsWith('--')) throw new Error(`import-dump: unknown option ${arg}`);
    else if (file) throw new Error('import-dump: one input file at a time');
    else file = arg;
  }
  if (!file) throw new Error('usage: npm run import-dump -- FILE [--schema-dir DIR] [--api-version vXX.YY.Z] [--dry-run]');
  return { file, options };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { file, options } = parseArgs(process.argv.slice(2));
    const input: unknown = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
    const { files, skipped } = importDump(input, options);
    for (const f of files) {
      const state = f.created ? 'created' : f.changed ? (options.dryRun ? 'would change' : 'updated') : 'unchanged';
      console.log(`${f.version} → ${f.file}: ${state}`);
      for (const note of f.notes) console.log(`  ${note}`);
    }
    for (const s of skipped) console.log(`skipped ${s}`);
    if (files.some((f) => f.changed) && !options.dryRun) console.log('Now run `npm run generate` and review the diff.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
