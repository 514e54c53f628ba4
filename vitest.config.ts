import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirst from './e2e/support/longest-first.ts';

/**
 * Files whose workers share their module cache (`isolate: false`): each file still runs its own tests and
 * hooks, but a worker does not start and import the packages (and Playwright) again for every file.
 * - the pure packages' unit tests (core, client, places: no Node or DOM API, no module mocks); measured on core
 *   + client, one worker: 51 s of CPU isolated, 31 s shared, the same 582 tests passing;
 * - the e2e files: each starts and stops its own relay, processes and browser contexts in its hooks, and none
 *   changes process-wide state (env, cwd, globals, listeners); measured on six of them: 45.9 s of CPU
 *   isolated, 38.6 s shared (about 1.2 s per file);
 * - the server's, the CLI's and the web package's tests but those in NEEDS_ISOLATION (none of the others
 *   mocks a module or stubs a global, an environment variable or the timers; one adds a process listener and
 *   removes it): measured on the three packages, 2 workers, 452 tests: 104 s of CPU and 57 s isolated, 38 s
 *   and 22 s shared (importing Fastify, SQLite and React once per worker, not once per file).
 */
const SHARED = [
  'packages/core/src/**/*.test.ts',
  'packages/client/src/**/*.test.ts',
  'packages/places/src/**/*.test.ts',
  'packages/server/src/**/*.test.ts',
  'packages/cli/src/**/*.test.ts',
  'packages/web/src/**/*.test.ts',
  'e2e/**/*.test.ts',
];

/** Test files that mock modules or stub globals, environment variables or timers: each gets a fresh worker. */
const NEEDS_ISOLATION = [
  'packages/web/src/ui/describe-notice.test.ts',
  'packages/web/src/ui/words-from-registry.test.ts',
  'packages/web/src/app/session-events.test.ts',
  'packages/web/src/map/basemap-style.test.ts',
];

export default defineConfig({
  test: {
    // Twice what a quiet run needs: under the load check (README, Testing) both cores are busy with other work
    // and a test that takes 20 s alone can take 40. Only a hang or a real failure waits this long.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The machine has 2 cores; integration tests start real relays and processes. (Both projects run side by
    // side in one pool and one order; the projects inherit this from here, so `--maxWorkers` on the command
    // line does not reach them: pass a config for fewer.)
    maxWorkers: 2,
    // Longest files first (browser, then relay/CLI, then unit), so no minute-long file starts last.
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: SHARED,
          exclude: [...configDefaults.exclude, ...NEEDS_ISOLATION],
          isolate: false,
          // The browser tests need the web app built, and the CLI tests the CLI's bundle; each is built once
          // per run when its sources are newer. The browser files share one Chromium (`chromium-server.ts`).
          globalSetup: ['e2e/support/build-web.ts', 'packages/cli/build/vitest-global-setup.js', 'e2e/support/chromium-server.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: NEEDS_ISOLATION,
        },
      },
    ],
  },
});
