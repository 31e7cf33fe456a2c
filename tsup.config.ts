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

export default defineConfig([
  // The client entry must run in browsers too: nothing Node-only is imported at its top level.
  { ...common, entry: { index: 'src/index.ts', schema: 'src/schema.ts' }, platform: 'neutral', external: ['ws', 'zod'], clean: true },
  { ...common, entry: { simulator: 'src/simulator.ts' }, platform: 'node' },
  { ...common, entry: { cli: 'src/cli.ts' }, platform: 'node', format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
]);
