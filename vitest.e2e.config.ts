import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the real server and Debian's Chromium; kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
