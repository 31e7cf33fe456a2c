/** Generating twice from the same schema gives byte-identical output, and it equals src/generated/. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { generate } from '../../scripts/generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'tnf-generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

test('two runs give identical bytes, equal to the committed src/generated/', async () => {
  const first = join(scratch, 'first');
  const second = join(scratch, 'second');
  await generate(join(root, 'schema'), first);
  await generate(join(root, 'schema'), second);
  const a = tree(first);
  const b = tree(second);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [file, bytes] of a) expect(bytes.equals(b.get(file)!), `${file} differs between runs`).toBe(true);

  const committed = tree(join(root, 'src/generated'));
  expect([...a.keys()].sort()).toEqual([...committed.keys()].sort());
  // schema-files.ts imports schema/ relative to where it is written: compare it without that prefix.
  const text = (file: string, bytes: Buffer) =>
    file === 'schema-files.ts'
      ? bytes.toString('utf8').replace(/from '[^']*\/(v[\d.]+\.json)'/g, "from 'schema/$1'")
      : bytes.toString('utf8');
  for (const [file, bytes] of a)
    expect(text(file, bytes) === text(file, committed.get(file)!), `${file} is stale: run npm run generate`).toBe(true);
}, 120_000);
