/**
 * The run's one Chromium (started by the global setup `chromium-server.ts`), connected to from this test
 * file; `close()` on it only disconnects this file and closes the contexts it made. Outside a run that
 * started one (or with no Chromium there), a browser of the file's own.
 */
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { launchBrowser } from './browser.ts';

export async function sharedBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  return endpoint ? chromium.connect(endpoint, { timeout: 30_000 }) : launchBrowser();
}
