import { defineConfig } from 'vitest/config';
import LongestFirst from './e2e/support/longest-first.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The machine has 2 cores; integration tests start real relays and processes.
    maxWorkers: 2,
    // Longest files first (browser, then relay/CLI, then unit), so no minute-long file starts last.
    sequence: { sequencer: LongestFirst },
    // The browser tests need the web app built, and the CLI tests the CLI's bundle; each is built once per
    // run when its sources are newer. The browser files share one Chromium (`chromium-server.ts`).
    globalSetup: ['e2e/support/build-web.ts', 'packages/cli/build/vitest-global-setup.js', 'e2e/support/chromium-server.ts'],
  },
});
