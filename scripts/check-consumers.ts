/**
 * `npm run check:consumers`: does the package as published type-check in the projects users have?
 * Packs the built package once (`npm pack`), installs the tarball once into a temporary folder
 * (with TypeScript 5.0, the oldest we support, from the registry; the current compiler is this
 * repository's), and compiles the user code of test/types/consumers/ in one project per module
 * resolution (node10, node16, nodenext, bundler) plus a strict browser project (lib ES2022 + DOM,
 * no @types/node), each with `skipLibCheck: false` and under both compilers. Then it loads every
 * entry at run time as ESM and as CommonJS. Run `npm run build` first.
 */
import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'test/types/consumers');
/** The oldest TypeScript the published declarations support (README, CHANGELOG). */
const OLDEST_TYPESCRIPT = '5.0';
/**
 * Diagnostics accepted in a dependency's own declarations under the oldest compiler: zod 4 uses
 * `NoInfer` (TypeScript 5.4+). Our declarations and the user's code must have none at all.
 */
const KNOWN_IN_DEPENDENCIES = [{ file: /^node_modules\/zod\//, code: 'TS2304', text: "Cannot find name 'NoInfer'" }];

interface Project {
  name: string;
  compilerOptions: Record<string, unknown>;
  /** Files of test/types/consumers/ to compile; node16/nodenext get each as `.mts` and `.cts`. */
  files: string[];
  dualFormat?: boolean;
  /** Files that need TypeScript 5.2+ (`using`). */
  newerOnly?: string[];
}

const strict = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', forceConsistentCasingInFileNames: true };
const node = { ...strict, lib: ['ES2022', 'ESNext.Disposable'], types: ['node'] };
const all = ['client.ts', 'schema.ts', 'simulator.ts'];

const PROJECTS: Project[] = [
  { name: 'node10', compilerOptions: { ...node, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }, files: all },
  { name: 'node16', compilerOptions: { ...node, module: 'node16', moduleResolution: 'node16' }, files: all, dualFormat: true },
  {
    name: 'nodenext',
    compilerOptions: { ...node, module: 'nodenext', moduleResolution: 'nodenext' },
    files: [...all, 'dispose.ts'],
    dualFormat: true,
    newerOnly: ['dispose.ts'],
  },
  {
    name: 'bundler',
    compilerOptions: { ...strict, lib: ['ES2022', 'DOM', 'ESNext.Disposable'], types: [], module: 'esnext', moduleResolution: 'bundler' },
    files: ['client.ts', 'schema.ts', 'dispose.ts'],
    newerOnly: ['dispose.ts'],
  },
  {
    name: 'strict browser',
    compilerOptions: { ...strict, lib: ['ES2022', 'DOM'], types: [], module: 'esnext', moduleResolution: 'bundler' },
    files: ['client.ts', 'schema.ts'],
  },
];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes one project folder for one compiler; returns its tsconfig path. */
function writeProject(base: string, project: Project, compiler: string): string {
  const dir = join(base, `${project.name.replace(/ /g, '-')}-ts${compiler}`);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const file of project.files) {
    if (compiler === OLDEST_TYPESCRIPT && project.newerOnly?.includes(file)) continue;
    const stem = file.replace(/\.ts$/, '');
    for (const ext of project.dualFormat ? ['.mts', '.cts'] : ['.ts']) {
      copyFileSync(join(sources, file), join(dir, stem + ext));
      files.push(stem + ext);
    }
  }
  const compilerOptions = { ...project.compilerOptions };
  // TypeScript 5.0 has no esnext.disposable lib (added in 5.2, with `using`).
  if (compiler === OLDEST_TYPESCRIPT) compilerOptions.lib = (compilerOptions.lib as string[]).filter((l) => l !== 'ESNext.Disposable');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
  return join(dir, 'tsconfig.json');
}

/** Runs `jobs` at most `width` at a time (two cores are shared). */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/** The README's and the docs' relative links, and the path `--help` prints, lead to files in the installed package. */
function packagedDocs(installed: string): { label: string; ok: boolean; output: string }[] {
  const missing: string[] = [];
  for (const page of ['README.md', ...readdirSync(join(installed, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(installed, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      if (!existsSync(join(installed, dirname(page), target!))) missing.push(`${page} → ${target}`);
    }
  }
  const help = run(process.execPath, [join(installed, 'dist', 'cli.mjs'), '--help'], installed);
  const printed = /Documentation: (\S+)/.exec(help)?.[1];
  return [
    { label: 'the README and docs/*.md link only to files in the package', ok: missing.length === 0, output: missing.join('\n') },
    {
      label: '`truenas-failover --help` names docs/cli.md where it is installed',
      ok: printed === join(installed, 'docs', 'cli.md'),
      output: `it prints: ${printed}`,
    },
  ];
}

/**
 * The installed simulator runs in its worker thread (dist/simulator.mjs or .cjs loads itself there):
 * a script that starts it and runs the installed CLI with spawnSync, blocking its own event loop,
 * gets an answer, and ends by itself once the simulator is stopped. In both module systems.
 */
async function simulatorAnswersBlockedCaller(base: string): Promise<{ label: string; ok: boolean; output: string }[]> {
  const cli = join(base, 'node_modules', 'truenas-failover', 'dist', 'cli.mjs');
  const body = `
    const sim = await startSimulator({ rateLimit: false });
    try {
      const env = { ...process.env, TRUENAS_URL: sim.vip.ws, TRUENAS_USERNAME: sim.credentials.username, TRUENAS_API_KEY: sim.credentials.apiKey, NO_COLOR: '1' };
      const r = spawnSync(process.execPath, [${JSON.stringify(cli)}, 'check'], { env, encoding: 'utf8', timeout: 60000 });
      if (!/^HA (OK|WARNING) /.test(r.stdout)) throw new Error('check: ' + JSON.stringify({ status: r.status, error: r.error?.message, out: r.stdout + r.stderr }));
      const client = createClient({ url: sim.vip.ws, auth: { username: sim.credentials.username, apiKey: sim.credentials.apiKey } });
      const status = await client.failover.status();
      await client.close();
      if (status !== 'MASTER') throw new Error('failover.status answered ' + status);
    } finally {
      await sim.stop();
    }`;
  const scripts = {
    ESM: [
      '--input-type=module',
      '-e',
      `import { spawnSync } from 'node:child_process'; import { startSimulator } from 'truenas-failover/simulator'; import { createClient } from 'truenas-failover';${body}`,
    ],
    CommonJS: [
      '--input-type=commonjs',
      '-e',
      `const { spawnSync } = require('node:child_process'); const { startSimulator } = require('truenas-failover/simulator'); const { createClient } = require('truenas-failover'); (async () => {${body}})().catch((e) => { console.error(e); process.exitCode = 1; });`,
    ],
  };
  const results = [];
  for (const [kind, args] of Object.entries(scripts)) {
    const label = `run time (${kind}): the simulator's worker thread answers the CLI run with spawnSync, the package's client gets failover.status (the Node platform module), and the script ends by itself`;
    try {
      await execFile(process.execPath, args, { cwd: base, timeout: 120_000 });
      results.push({ label, ok: true, output: '' });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      results.push({ label, ok: false, output: e.stderr || e.message });
    }
  }
  return results;
}

/**
 * `#platform` (package.json "imports") resolves by condition in the installed package: a bundler
 * building for browsers takes dist/platform/browser.*, with none of the Node-only code; one
 * building for Node takes dist/platform/node.*.
 */
async function platformByCondition(base: string): Promise<{ label: string; ok: boolean; output: string }[]> {
  const { build } = await import('esbuild');
  const app = join(base, 'platform-app.mjs');
  writeFileSync(
    app,
    "import { createClient } from 'truenas-failover/v27.0.0';\nexport const client = createClient({ url: 'wss://nas.example' });\n",
  );
  const results = [];
  for (const [platform, wanted, unwanted] of [
    ['browser', 'dist/platform/browser.mjs', 'dist/platform/node.mjs'],
    ['node', 'dist/platform/node.mjs', 'dist/platform/browser.mjs'],
  ] as const) {
    const label = `a bundle for ${platform} (esbuild) takes ${wanted} for #platform`;
    try {
      const r = await build({
        entryPoints: [app],
        bundle: true,
        platform,
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
        external: ['ws', 'zod'],
      });
      const inputs = Object.keys(r.metafile.inputs);
      const ok = inputs.some((f) => f.endsWith(wanted)) && !inputs.some((f) => f.endsWith(unwanted));
      const nodeOnly = platform === 'browser' && /\bnode:https?\b|getPeerCertificate|TRUENAS_API_KEY_FILE/.test(r.outputFiles[0]!.text);
      results.push({
        label,
        ok: ok && !nodeOnly,
        output: nodeOnly ? 'the browser bundle holds Node-only code' : inputs.filter((f) => f.includes('platform')).join('\n'),
      });
    } catch (error) {
      results.push({ label, ok: false, output: (error as Error).message });
    }
  }
  return results;
}

async function main(): Promise<number> {
  for (const entry of ['index.mjs', 'index.d.mts', 'index.d.cts', 'simulator.d.cts', 'schema.d.cts']) {
    if (!existsSync(join(root, 'dist', entry))) {
      console.error(`check:consumers: dist/${entry} is missing: run \`npm run build\` first`);
      return 1;
    }
  }
  const started = Date.now();
  const base = mkdtempSync(join(tmpdir(), 'truenas-failover-consumers-'));
  try {
    const tarball = run('npm', ['pack', '--silent', '--pack-destination', base], root).trim().split('\n').pop()!;
    const typesNode = JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')).version as string;
    writeFileSync(join(base, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(base, tarball),
        `@types/node@${typesNode}`,
        `typescript-oldest@npm:typescript@${OLDEST_TYPESCRIPT}`,
      ],
      base,
    );
    const compilers: Record<string, string> = {
      [OLDEST_TYPESCRIPT]: join(base, 'node_modules/typescript-oldest/bin/tsc'),
      current: join(root, 'node_modules/typescript/bin/tsc'),
    };
    const versionOf = (tsc: string) =>
      run(process.execPath, [tsc, '--version'], base)
        .trim()
        .replace(/^Version /, '');
    const jobs = PROJECTS.flatMap((project) =>
      Object.entries(compilers).map(([compiler, tsc]) => async () => {
        const tsconfig = writeProject(base, project, compiler);
        const label = `${project.name} (TypeScript ${versionOf(tsc)})`;
        try {
          await execFile(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], { cwd: base, encoding: 'utf8' });
          return { label, ok: true, output: '' };
        } catch (error) {
          const e = error as { stdout?: string; stderr?: string; message: string };
          const lines = (e.stdout || e.stderr || e.message).trim().split('\n');
          const known = lines.filter((l) => KNOWN_IN_DEPENDENCIES.some((k) => k.file.test(l) && l.includes(k.code) && l.includes(k.text)));
          const unknown = lines.filter((l) => !known.includes(l));
          if (unknown.length === 0)
            return { label: `${label}, ${known.length} known diagnostic(s) in zod's own declarations`, ok: true, output: '' };
          return { label, ok: false, output: unknown.join('\n') };
        }
      }),
    );
    const results = await pool(jobs, 2);
    // Every entry loads at run time in both module systems (the per-version entries included).
    const exported = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as object);
    const entries = exported.filter((k) => k !== './package.json').map((k) => `truenas-failover${k.slice(1)}`);
    for (const [kind, args] of [
      ['ESM', ['--input-type=module', '-e', entries.map((e) => `await import(${JSON.stringify(e)});`).join('')]],
      ['CommonJS', ['--input-type=commonjs', '-e', entries.map((e) => `require(${JSON.stringify(e)});`).join('')]],
    ] as const) {
      try {
        await execFile(process.execPath, [...args], { cwd: base });
        results.push({ label: `run time: every entry loads as ${kind}`, ok: true, output: '' });
      } catch (error) {
        results.push({ label: `run time: every entry loads as ${kind}`, ok: false, output: (error as Error).message });
      }
    }
    results.push(...(await platformByCondition(base)));
    results.push(...(await simulatorAnswersBlockedCaller(base)));
    results.push(...packagedDocs(join(base, 'node_modules', 'truenas-failover')));
    for (const r of results) {
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.label}`);
      if (!r.ok) console.log(r.output.replace(/^/gm, '       '));
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(
      `check:consumers: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s, ${tarball})`,
    );
    return failed ? 1 : 0;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

process.exitCode = await main();
