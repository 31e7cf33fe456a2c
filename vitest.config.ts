import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores, three files at a time: most of a test's time is spent waiting on the simulated pair
    // (jobs, reboots, promotions), not computing. Measured on the 2-core CI machine: 2 workers 532 s,
    // 3 workers 391 s for the whole suite, using 1.2 cores; the timing-sensitive subset also passes
    // beside two CPU-burning processes (npm run test:under-load).
    maxWorkers: 3,
    // The secret scan (scripts/secret-scan.ts) records every credential the simulators create.
    setupFiles: process.env.SECRET_SCAN_CREDENTIALS ? ['test/secret-scan/record-credentials.ts'] : [],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
