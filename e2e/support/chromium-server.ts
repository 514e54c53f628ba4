/**
 * Vitest globalSetup: one Chromium for the whole run, which the browser test files connect to
 * (`sharedBrowser()` in `shared-browser.ts`) instead of each starting its own — about a second and a
 * browser process saved per file, on a machine where a run has ~30 of them. Isolation stays per context:
 * every test gets fresh contexts (each its own empty profile: storage, IndexedDB, service workers,
 * permissions); a file that needs its own flags (`webSuite({ browserArgs })`) or a profile folder on disk
 * (`launchPersistent`) still launches its own. Without Chromium on the machine nothing is started here, and
 * each file fails on its own launch with the usual message. `ENTWINE_E2E_OWN_BROWSER=1` gives every file
 * its own Chromium again (to compare, or to rule the sharing out when a browser test misbehaves).
 */
import { existsSync } from 'node:fs';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's WebSocket endpoint; '' when none was started. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: BrowserServer | undefined;
  if (existsSync(CHROMIUM) && process.env.ENTWINE_E2E_OWN_BROWSER !== '1')
    server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? '');
  return async () => {
    await server?.close();
  };
}
