/**
 * `npm run check:drift`: regenerates src/generated/ from schema/ and fails, listing the files, when
 * the result differs from what git has. CI runs it so that nobody edits generated code by hand and
 * nobody forgets to regenerate after a schema change.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Paths under `path` that differ from git's index/HEAD, untracked files included. */
export function changedFiles(path: string, cwd = root): string[] {
  const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', path], { cwd, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.slice(3));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await generate();
  const changed = changedFiles('src/generated');
  if (changed.length > 0) {
    console.error(`check:drift: src/generated/ differs from git after \`npm run generate\` (${changed.length} file(s)):`);
    for (const file of changed) console.error(`  ${file}`);
    console.error('Run `npm run generate` and commit schema/ and src/generated/ together.');
    process.exit(1);
  }
  console.log('check:drift: src/generated/ matches schema/');
}
