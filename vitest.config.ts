import { defineConfig } from 'vitest/config';

// Unit and integration tests (real sockets on loopback). Browser end-to-end tests run under
// Playwright instead (playwright.config.ts).
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'apps/*/test/**/*.test.tsx', 'idp/test/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
