import { defineConfig } from 'vitest/config';
import LongestFirst from './e2e/support/longest-first.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Twice what a quiet run needs: under the load check (README, Testing) both cores are busy with other work
    // and a test that takes 20 s alone can take 40. Only a hang or a real failure waits this long.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The machine has 2 cores; integration tests start real relays and processes.
    maxWorkers: 2,
    // Longest files first (browser, then relay/CLI, then unit), so no minute-long file starts last.
    sequence: { sequencer: LongestFirst },
    // The browser tests need the web app built, and the CLI tests the CLI's bundle; each is built once per
    // run when its sources are newer. The browser files share one Chromium (`chromium-server.ts`).
    globalSetup: ['e2e/support/build-web.ts', 'packages/cli/build/vitest-global-setup.js', 'e2e/support/chromium-server.ts'],
  },
});
