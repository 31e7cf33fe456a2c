/**
 * What a user pays before the first call, measured on the built package (`npm run build` first):
 * a cold `import('truenas-failover')` in a fresh Node process, a consumer's type-check of a file
 * calling every failover method (`tsc --extendedDiagnostics`, `skipLibCheck: false`), the packed
 * package's unpacked size, and a browser app's bundle (esbuild, minified, gzip).
 */
import { execFile as execFileCallback } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Suite } from '../lib/context.js';
import { log, round } from '../lib/report.js';
import { interleaved, median } from '../measure.js';

const execFile = promisify(execFileCallback);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the package folder, so that `truenas-failover` resolves to this package (self-reference).
const work = join(root, 'bench/.tmp');

export async function packageSuite(s: Suite): Promise<void> {
  if (!existsSync(join(root, 'dist/index.mjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (statSync(join(root, 'src/index.ts')).mtimeMs > statSync(join(root, 'dist/index.mjs')).mtimeMs)
    log('warning: src/ is newer than dist/; the package rows measure the last build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    await coldImport(s);
    await consumerTypeCheck(s);
    await packedSize(s);
    await browserBundle(s);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Time of `await import(x)` inside a fresh `node` process (module loading and evaluation only). */
async function coldImport(s: Suite): Promise<void> {
  writeFileSync(join(work, 'empty.mjs'), 'export {};\n');
  writeFileSync(
    join(work, 'cold.mjs'),
    'const t = performance.now();\nawait import(process.argv[2]);\nprocess.stdout.write(String(performance.now() - t));\n',
  );
  const once = async (specifier: string) =>
    Number((await execFile(process.execPath, [join(work, 'cold.mjs'), specifier], { cwd: work })).stdout);
  const times = await interleaved(s.size(1, 10), {
    empty: () => once('./empty.mjs'),
    ws: () => once('ws'),
    client: () => once('truenas-failover'),
  });
  const ms = { empty: median(times.empty), ws: median(times.ws), client: median(times.client) };
  s.report.results.coldImport = {
    rounds: times.client.length,
    ms: { empty: round(ms.empty, 2), ws: round(ms.ws, 2), client: round(ms.client, 2) },
  };
  s.report.row('cold import in a fresh node process', 'an empty module', `${round(ms.empty)} ms`);
  s.report.row('', "import('ws')", `${round(ms.ws)} ms`, '1.00');
  s.report.row(
    '',
    "import('truenas-failover')",
    `${round(ms.client)} ms`,
    (ms.client / ms.ws).toFixed(2),
    s.report.goal('cold import', ms.client <= 30, '≤ 30 ms'),
  );
}

interface Diagnostics {
  wallMs: number;
  totalS: number;
  checkS: number;
  instantiations: number;
  types: number;
}

/**
 * `tsc --extendedDiagnostics` on a user's project: strict, `skipLibCheck: false` (the package's
 * declarations and zod's are checked), browser libs. TypeScript's own lib files are not checked
 * (`skipDefaultLibCheck`): they cost the same with or without this package.
 */
async function typeCheck(name: string, source: string): Promise<Diagnostics> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.ts'), source);
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [],
    module: 'esnext',
    moduleResolution: 'bundler',
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
  const t = performance.now();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const { stdout } = await execFile(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], { cwd: dir }).catch((error) => {
    throw new Error(`tsc failed on the ${name} project:\n${error.stdout ?? error.message}`);
  });
  const wallMs = performance.now() - t;
  const num = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(stdout)?.[1] ?? Number.NaN);
  return { wallMs, totalS: num('Total time'), checkS: num('Check time'), instantiations: num('Instantiations'), types: num('Types') };
}

async function consumerTypeCheck(s: Suite): Promise<void> {
  const consumer = readFileSync(join(root, 'bench/fixtures/consumer.ts'), 'utf8');
  const runs = await interleaved(s.size(1, 3), {
    empty: () => typeCheck('empty', 'export {};\n'),
    client: () => typeCheck('consumer', consumer),
  });
  const pick = (all: Diagnostics[]) => {
    return {
      ...all[0]!,
      wallMs: median(all.map((d) => d.wallMs)),
      totalS: median(all.map((d) => d.totalS)),
      checkS: median(all.map((d) => d.checkS)),
    };
  };
  const empty = pick(runs.empty);
  const client = pick(runs.client);
  s.report.results.consumerTypeCheck = { empty, client };
  const added = client.totalS - empty.totalS;
  const cell = (d: Diagnostics) => `${round(d.totalS, 2)} s, ${d.instantiations.toLocaleString('en')} instantiations`;
  s.report.row('consumer tsc, every failover method (skipLibCheck false)', 'an empty file, same project', cell(empty), '1.00');
  s.report.row(
    '',
    'a file calling every failover method',
    `${cell(client)} (+${round(added, 2)} s)`,
    (client.totalS / empty.totalS).toFixed(2),
    s.report.goal('consumer tsc', added <= 2 && client.instantiations <= 60_000, '≤ +2 s, ≤ 60,000'),
  );
}

async function packedSize(s: Suite): Promise<void> {
  const { stdout } = await execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [pack] = JSON.parse(stdout) as { size: number; unpackedSize: number; files: { path: string; size: number }[] }[];
  const maps = pack!.files.filter((f) => f.path.endsWith('.map')).reduce((a, f) => a + f.size, 0);
  const mb = (b: number) => `${round(b / 1_000_000, 2)} MB`;
  s.report.results.packageSize = {
    packedBytes: pack!.size,
    unpackedBytes: pack!.unpackedSize,
    sourceMapBytes: maps,
    files: pack!.files.length,
  };
  s.report.row(
    'packed package',
    `npm pack (${pack!.files.length} files, ${mb(maps)} of source maps)`,
    `${mb(pack!.unpackedSize)} unpacked, ${mb(pack!.size)} packed`,
    '',
    s.report.goal('package size', pack!.unpackedSize <= 4_000_000, '≤ 4 MB unpacked'),
  );
}

/** A browser app calling `failover.status()` with argument validation on, through each entry that can serve it. */
async function browserBundle(s: Suite): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const entries = ['.', ...Object.keys(pkg.exports).filter((k) => /^\.\/v\d/.test(k) && k.includes('27'))].map(
    (k) => `truenas-failover${k.slice(1)}`,
  );
  const bundle = async (file: string) => {
    const out = await build({
      entryPoints: [file],
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.contents;
    return { min: code.length, gzip: gzipSync(code).length };
  };
  copyFileSync(join(root, 'bench/fixtures/bare-browser-app.mjs'), join(work, 'bare-app.mjs'));
  const bare = await bundle(join(work, 'bare-app.mjs'));
  const kb = (b: number) => `${round(b / 1024, 1)} kB`;
  s.report.row(
    'browser app calling failover.status() (esbuild, minified)',
    'bare JSON-RPC over WebSocket',
    `${kb(bare.min)} min, ${kb(bare.gzip)} gzip`,
    '1.00',
  );
  const sizes: Record<string, { min: number; gzip: number }> = { bare };
  for (const entry of entries) {
    const file = join(work, `app-${entries.indexOf(entry)}.mjs`);
    writeFileSync(
      file,
      `import { createClient } from '${entry}';\nconst c = createClient({ url: 'wss://nas.example/api/current', apiVersion: 'v27.0.0' });\nc.failover.status().then(console.log);\n`,
    );
    const size = await bundle(file);
    sizes[entry] = size;
    const goal = entry === entries.at(-1) ? s.report.goal('browser bundle', size.gzip <= 30 * 1024, '≤ 30 kB gzip') : '';
    s.report.row(
      '',
      `client: import from '${entry}'`,
      `${kb(size.min)} min, ${kb(size.gzip)} gzip`,
      (size.gzip / bare.gzip).toFixed(1),
      goal,
    );
  }
  // The same app through the one-version entry with the features a lean client can add: jobs
  // alone, then the HA workflows and uploads (which bring jobs with them).
  const last = entries.at(-1)!;
  if (last !== 'truenas-failover') {
    const withFeatures = [
      { key: 'withJobs', label: 'withJobs(client)', wrap: 'withJobs(%)', names: 'withJobs' },
      { key: 'withHa + withUploads', label: 'withHa(withUploads(client))', wrap: 'withUploads(withHa(%))', names: 'withHa, withUploads' },
    ];
    for (const f of withFeatures) {
      const file = join(work, `app-${f.key.replace(/\W+/g, '-')}.mjs`);
      const client = f.wrap.replace('%', "createClient({ url: 'wss://nas.example/api/current', apiVersion: 'v27.0.0' })");
      writeFileSync(
        file,
        `import { createClient, ${f.names} } from '${last}';\nconst c = ${client};\nc.failover.status().then(console.log);\n`,
      );
      const size = await bundle(file);
      sizes[`${last} + ${f.key}`] = size;
      s.report.row('', `  … with ${f.label}`, `${kb(size.min)} min, ${kb(size.gzip)} gzip`, (size.gzip / bare.gzip).toFixed(1));
    }
  }
  s.report.results.browserBundle = sizes;
}
