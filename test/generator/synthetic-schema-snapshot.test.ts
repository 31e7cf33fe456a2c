/**
 * Snapshot of everything the generator writes for a small synthetic schema
 * (test/generator/fixtures/synthetic/: v1.0.0, and v1.1.0 which differs in one known value and is
 * generated as an overlay on it): a change in the generator shows up as a readable diff.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generate } from '../../scripts/generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'tnf-synthetic-'));
let files: string[] = [];

const EXPECTED = [
  'index.ts',
  'schema-files.ts',
  'v1_0_0/api.ts',
  'v1_0_0/index.ts',
  'v1_0_0/nodes.ts',
  'v1_0_0/types.ts',
  'v1_0_0/validators.ts',
  'v1_1_0/api.ts',
  'v1_1_0/index.ts',
  'v1_1_0/nodes.ts',
  'v1_1_0/types.ts',
  'v1_1_0/validators.ts',
  'validators.ts',
  'versions.ts',
];

beforeAll(async () => {
  files = (await generate(join(here, 'fixtures/synthetic'), out)).map((f) => relative(out, f)).sort();
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the generator writes the expected set of files', () => {
  expect(files).toEqual(EXPECTED);
});

// schema-files.ts names the fixture directory relative to the (temporary) output directory.
test.each(EXPECTED.filter((f) => f !== 'schema-files.ts'))('%s matches its snapshot', async (file) => {
  await expect(readFileSync(join(out, file), 'utf8')).toMatchFileSnapshot(
    join(here, '__snapshots__/synthetic', `${file.replaceAll('/', '__')}.snap`),
  );
});
