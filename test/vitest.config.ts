import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `zego-token-client` resolves to its sources (tsconfig.json "paths"), so tests need no build.
  resolve: { tsconfigPaths: true },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: keep worker count small so server-based suites are not starved.
    maxWorkers: 2,
  },
});
