import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL 15 for the store contract and multi-process tests.
    globalSetup: ['test/helpers/pg-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e suites start loopback servers; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
