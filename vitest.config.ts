import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep parallelism modest so that timing-sensitive socket tests stay stable.
    maxWorkers: 2,
    // The secret scan (scripts/secret-scan.ts) records every credential the simulators create.
    setupFiles: process.env.SECRET_SCAN_CREDENTIALS ? ['test/secret-scan/record-credentials.ts'] : [],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
