import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once (skipped when up to date): the e2e suite runs the compiled entry point.
    // And a throwaway PostgreSQL 15 for the store contract and multi-process tests.
    globalSetup: ['test/global-setup.ts', 'test/helpers/pg-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e suites start loopback servers; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
