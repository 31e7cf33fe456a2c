/**
 * The module the simulator's worker thread loads: the simulator entry itself. Built, that is
 * `dist/simulator.mjs` or `dist/simulator.cjs`, the file this code is bundled into (or, from the
 * CLI's bundle, its sibling), so the package carries no second copy of the simulator. From the
 * TypeScript sources (vitest, tsx), where a worker cannot load `.ts` files, it is an esbuild bundle
 * of src/simulator.ts in node_modules/.cache, made again when one of its source files changes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { SimulatorThreadError } from './protocol.js';

export async function workerScript(): Promise<URL> {
  // In the CommonJS build, tsup.config.ts defines import.meta.url from __filename.
  const here = new URL(import.meta.url);
  if (/\.[cm]?ts$/.test(here.pathname)) return sourceBundle(new URL('../../simulator.ts', here));
  const script = new URL(here.pathname.endsWith('.cjs') ? './simulator.cjs' : './simulator.mjs', here);
  if (!existsSync(script)) {
    throw new SimulatorThreadError(
      `the simulator's worker script ${fileURLToPath(script)} is missing (was truenas-failover bundled into another file?); ` +
        'start the simulator with { inProcess: true } to run it in this thread',
    );
  }
  return script;
}

type Stamps = Record<string, [number, number]>;

async function stampsOf(root: string, files: string[]): Promise<Stamps> {
  const stamps: Stamps = {};
  await Promise.all(
    files.map(async (file) => {
      const info = await stat(join(root, file));
      stamps[file] = [info.mtimeMs, info.size];
    }),
  );
  return stamps;
}

async function fresh(root: string, stampsFile: string): Promise<boolean> {
  try {
    const saved = JSON.parse(await readFile(stampsFile, 'utf8')) as Stamps;
    const now = await stampsOf(root, Object.keys(saved));
    return Object.entries(saved).every(([file, [mtime, size]]) => now[file]?.[0] === mtime && now[file]?.[1] === size);
  } catch {
    return false;
  }
}

async function sourceBundle(entry: URL): Promise<URL> {
  const root = fileURLToPath(new URL('..', entry));
  const out = join(root, 'node_modules/.cache/truenas-failover/simulator-worker.mjs');
  const stampsFile = `${out}.inputs.json`;
  if (await fresh(root, stampsFile)) return pathToFileURL(out);
  // esbuild is a development dependency: only the sources need it. A computed name, so that the
  // package's own build does not bundle it.
  const esbuildName = 'esbuild';
  const { build } = (await import(esbuildName)) as typeof import('esbuild');
  // Test files start in parallel processes: each writes its own file and renames it into place,
  // the bundle before the list of its inputs, so that a fresh list always means a fresh bundle.
  const temporary = `${out}.${process.pid}-${threadId}.tmp`;
  await mkdir(join(root, 'node_modules/.cache/truenas-failover'), { recursive: true });
  const began = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [fileURLToPath(entry)],
    outfile: `${temporary}.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    // No source map: an inline one triples the file each test process parses (about 0.1 s a
    // start); the bundle keeps its `// src/...` markers, so a worker stack frame is easy to place.
    logLevel: 'silent',
  });
  await rename(`${temporary}.mjs`, out);
  const stamps = await stampsOf(root, Object.keys(result.metafile.inputs));
  // A file saved while esbuild read the sources may be in the bundle in its older form: then keep
  // no list, and the next start bundles again.
  if (Object.values(stamps).every(([mtime]) => mtime < began)) {
    await writeFile(`${temporary}.json`, JSON.stringify(stamps));
    await rename(`${temporary}.json`, stampsFile);
  }
  return pathToFileURL(out);
}
