import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const common = {
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  dts: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
  outDir: 'dist',
  outExtension: ({ format }: { format: string }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
};

/**
 * The exports map pairs `.mjs` with `.d.mts`. In a `"type": "module"` package tsup names the ESM
 * declarations `.d.ts` and does not hand `outExtension` to its declaration worker, so the `.d.mts`
 * twins (with their relative imports pointing at `.mjs`) are written once the build has succeeded.
 */
function writeEsmDeclarations(): void {
  if (!existsSync('dist')) return;
  for (const file of readdirSync('dist')) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(`dist/${file}`, 'utf8').replace(/(from\s+['"]\.\/[^'"]+)\.js(['"])/g, '$1.mjs$2');
    writeFileSync(`dist/${file.slice(0, -'.d.ts'.length)}.d.mts`, text);
  }
}
if (!process.argv.includes('--watch')) {
  process.once('exit', (code) => {
    if (code === 0) writeEsmDeclarations();
  });
}

export default defineConfig([
  // The client entry must run in browsers too: nothing Node-only is imported at its top level.
  { ...common, entry: { index: 'src/index.ts', schema: 'src/schema.ts' }, platform: 'neutral', external: ['ws', 'zod'], clean: true },
  {
    ...common,
    entry: { simulator: 'src/simulator.ts' },
    platform: 'node',
    // The simulator's worker thread loads this same file, found by import.meta.url
    // (src/simulator/thread/script.ts); CommonJS has no import.meta, so its build takes the URL from __filename.
    banner: ({ format }) =>
      format === 'cjs' ? { js: 'var __simulatorModuleUrl = require("node:url").pathToFileURL(__filename).href;' } : {},
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': '__simulatorModuleUrl' };
    },
  },
  { ...common, entry: { cli: 'src/cli.ts' }, platform: 'node', format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
]);
