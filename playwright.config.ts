import { defineConfig } from '@playwright/test';
import { chromiumPath, chromiumArgs } from './test/support/chromium.ts';

// Browser tests run in Debian's Chromium (never a downloaded browser): /usr/bin/chromium,
// or the path in CHROMIUM_PATH. test/support/global-setup.ts fails with the install command
// when neither exists.
export default defineConfig({
  testDir: '.',
  testMatch: ['test/e2e/**/*.spec.ts', 'idp/test/**/*.spec.ts'],
  globalSetup: './test/support/global-setup.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
