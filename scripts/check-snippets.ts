/**
 * `npm run check:snippets`: every ```ts block of README.md, docs/*.md and examples/*.md must
 * type-check against the built package (`import … from 'truenas-failover'` resolves to dist/ by
 * the package's self-reference), so that what users copy compiles. Each block is one ES module.
 *
 * A block that continues the page's story may say what it assumes, on the line before its fence:
 *   <!-- snippet: given client, signal -->   (names from GIVEN below, declared for it)
 *   <!-- snippet: skip REASON -->            (not checked; listed in the output)
 * README blocks must be complete: no markers there. Run `npm run build` first.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside the package, so that `truenas-failover` resolves to this package (self-reference). */
const workDir = join(root, '.tmp', 'snippets');

/** What a block may assume, by name. */
const GIVEN: Record<string, string> = {
  client: "declare const client: import('truenas-failover').Client;",
  'rest-client': "declare const client: import('truenas-failover').RestClient;",
  signal: 'declare const signal: AbortSignal;',
};

interface Snippet {
  /** Markdown file, relative to the root. */
  file: string;
  /** Line of the opening fence. */
  fence: number;
  code: string;
  given: string[];
  skip?: string;
}

function markdownFiles(): string[] {
  const inDir = (dir: string) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => join(dir, f))
      : [];
  return ['README.md', ...inDir('docs'), ...inDir('examples')];
}

function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) throw new Error(`${file}:${i + 1}: a \`\`\`ts block is never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = /^<!--\s*snippet:\s*(given|skip)\b\s*(.*?)\s*-->$/.exec(lines[before] ?? '');
    const snippet: Snippet = { file, fence: i + 1, code: lines.slice(i + 1, end).join('\n'), given: [] };
    if (marker?.[1] === 'skip') snippet.skip = marker[2] || '(no reason given)';
    if (marker?.[1] === 'given') snippet.given = marker[2]!.split(/[\s,]+/).filter(Boolean);
    if (marker && file === 'README.md') throw new Error(`${file}:${before + 1}: README snippets must be complete (no snippet markers)`);
    for (const name of snippet.given) {
      if (!GIVEN[name])
        throw new Error(`${file}:${before + 1}: unknown snippet context "${name}" (known: ${Object.keys(GIVEN).join(', ')})`);
    }
    out.push(snippet);
    i = end;
  }
  return out;
}

async function main(): Promise<number> {
  if (!existsSync(join(root, 'dist', 'index.d.mts'))) {
    console.error('check:snippets: dist/ is missing: run `npm run build` first');
    return 1;
  }
  const snippets = markdownFiles().flatMap(snippetsOf);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const checked = new Map<string, Snippet>();
  for (const s of snippets) {
    if (s.skip) continue;
    // Line 1 declares what the block assumes, so block line k is file line k + 1.
    const name = `${s.file.replace(/[/.]/g, '_')}_${s.fence}.mts`;
    writeFileSync(join(workDir, name), `${s.given.map((g) => GIVEN[g]).join(' ')}\n${s.code}\n`);
    checked.set(name, s);
  }
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    moduleDetection: 'force',
    lib: ['ES2023', 'DOM', 'ESNext.Disposable'],
    types: ['node'],
    skipLibCheck: true,
  };
  writeFileSync(join(workDir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [...checked.keys()] }, null, 2));
  let output = '';
  try {
    await execFile(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', workDir, '--pretty', 'false'], { cwd: root });
  } catch (error) {
    output = (error as { stdout?: string }).stdout || (error as Error).message;
  }
  // `.tmp/snippets/README_md_52.mts(3,7): error TS2304: …` → `README.md:54:7: error TS2304: …`
  const errors = output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(l);
      const s = m ? checked.get(basename(m[1]!)) : undefined;
      return s && m ? `${s.file}:${s.fence + Number(m[2]) - 1}:${m[3]}: ${m[4]}` : l;
    });
  for (const e of errors) console.error(e);
  for (const s of snippets.filter((x) => x.skip)) console.log(`skipped ${s.file}:${s.fence}: ${s.skip}`);
  const files = new Set(snippets.map((s) => s.file)).size;
  const skipped = snippets.length - checked.size;
  console.log(
    `check:snippets: ${checked.size} blocks from ${files} files type-checked against dist/, ${errors.length} errors, ${skipped} skipped`,
  );
  if (!errors.length) rmSync(workDir, { recursive: true, force: true });
  return errors.length ? 1 : 0;
}

process.exitCode = await main();
