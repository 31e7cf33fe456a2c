import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * Entries of both formats. The client entries (`index`, `schema`, one per API version family in
 * src/versions/) must run in browsers too: nothing Node-only is imported at their top level
 * (checked by dependency-cruiser). Code is split into chunks shared by the entries, so that the
 * generated code, the client and the schema files are in the package once per format, not once
 * per entry.
 */
const families = readdirSync('src/versions')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -'.ts'.length));
const versionEntries = Object.fromEntries(families.map((f) => [`versions/${f.replace(/_/g, '.')}`, `src/versions/${f}.ts`]));
const libraryEntries = {
  index: 'src/index.ts',
  schema: 'src/schema.ts',
  simulator: 'src/simulator.ts',
  ...versionEntries,
};
/** The two platform modules `#platform` resolves to (no types of their own: nothing public names them). */
const platformEntries = {
  'platform/node': 'src/transport/platform/node.ts',
  'platform/browser': 'src/transport/platform/browser.ts',
};

/**
 * The source imports the Node platform module (src/transport/platform/node.ts) directly; in the
 * package those imports read `#platform`, which package.json's "imports" resolves by condition:
 * `dist/platform/browser.*` for bundlers building for browsers, `dist/platform/node.*` otherwise.
 * So a browser bundle holds none of the Node-only code, from one build.
 */
const platformSwitch: Plugin = {
  name: 'platform-switch',
  setup(build) {
    build.onResolve({ filter: /\/platform\/node\.js$/ }, (args) =>
      args.importer.includes(`${sep}transport${sep}platform${sep}`) ? undefined : { path: '#platform', external: true },
    );
  },
};

const common = {
  dts: true,
  // No source maps in the package: they were 10 MB of its 16.5, and the code they would map is
  // the unminified TypeScript output itself, readable as it is.
  sourcemap: false,
  target: 'node20',
  splitting: true,
  treeshake: true,
  outDir: 'dist',
  platform: 'node' as const,
  external: ['ws', 'zod'],
  esbuildPlugins: [platformSwitch],
  outExtension: ({ format }: { format: string }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
};

/**
 * Once the build has succeeded: the exports map pairs `.mjs` with `.d.mts`, but in a
 * `"type": "module"` package tsup names the ESM declarations `.d.ts` and does not hand
 * `outExtension` to its declaration worker, so they are renamed to `.d.mts` (their relative
 * imports pointing at `.mjs`); and the CLI gets its `#!` line and execute bit.
 */
function finish(dir = 'dist'): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) finish(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(/(from\s+['"]\.\.?\/[^'"]+)\.js(['"])/g, '$1.mjs$2');
      writeFileSync(`${path.slice(0, -'.d.ts'.length)}.d.mts`, text);
      rmSync(path);
    }
  }
  if (dir === 'dist' && existsSync('dist/cli.mjs')) {
    const cli = readFileSync('dist/cli.mjs', 'utf8');
    if (!cli.startsWith('#!')) writeFileSync('dist/cli.mjs', `#!/usr/bin/env node\n${cli}`);
    chmodSync('dist/cli.mjs', 0o755);
  }
}
if (!process.argv.includes('--watch')) {
  process.once('exit', (code) => {
    if (code === 0) finish();
  });
}

export default defineConfig([
  // ESM: the library entries and the CLI share their chunks.
  {
    ...common,
    format: ['esm'],
    entry: { ...libraryEntries, ...platformEntries, cli: 'src/cli.ts' },
    clean: true,
    dts: { entry: libraryEntries },
  },
  {
    ...common,
    format: ['cjs'],
    entry: { ...libraryEntries, ...platformEntries },
    dts: { entry: libraryEntries },
    // The simulator's worker thread loads the simulator entry, found from import.meta.url
    // (src/simulator/thread/script.ts); CommonJS has no import.meta, so this build takes the URL from __filename.
    banner: { js: 'var __simulatorModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    esbuildOptions(options) {
      options.define = { ...options.define, 'import.meta.url': '__simulatorModuleUrl' };
    },
  },
]);
