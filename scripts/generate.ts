/**
 * `npm run generate`: reads schema/ and writes src/generated/: per family of API versions its
 * types, zod validators, method map and runtime description; across families the version list,
 * the all-versions registry, the validators barrel and the loader of the schema files.
 * Deterministic: the same schema always gives byte-identical output, which CI checks.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitApi, emitIndex, emitNodes, emitTypes, emitValidators } from './lib/emit.js';
import { emitRegistry, emitSchemaFiles, emitValidatorsBarrel, emitVersions } from './lib/emit-registry.js';
import { families as familiesOf } from './lib/family.js';
import { compareVersions, loadSchemas } from './lib/schema-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/generated');

export async function generate(schemaDir = join(root, 'schema'), outDir = out): Promise<string[]> {
  const loaded = loadSchemas(schemaDir).sort((a, b) => compareVersions(a.data.version, b.data.version));
  const families = familiesOf(loaded.map((l) => l.data));
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  };
  rmSync(outDir, { recursive: true, force: true });

  for (const family of families) {
    const dir = join(outDir, family.id);
    write(join(dir, 'types.ts'), emitTypes(family));
    write(join(dir, 'validators.ts'), emitValidators(family));
    write(join(dir, 'nodes.ts'), emitNodes(family));
    write(join(dir, 'api.ts'), emitApi(family));
    write(join(dir, 'index.ts'), emitIndex(family));
  }
  write(join(outDir, 'versions.ts'), emitVersions(families));
  write(join(outDir, 'index.ts'), emitRegistry(families));
  write(join(outDir, 'validators.ts'), emitValidatorsBarrel(families));
  write(
    join(outDir, 'schema-files.ts'),
    emitSchemaFiles(
      families,
      loaded.map((l) => l.file),
      schemaDir,
      outDir,
    ),
  );
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await generate();
  console.log(`generate: wrote ${files.length} files to ${out.slice(root.length + 1)}/`);
}
