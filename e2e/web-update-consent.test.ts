// Issue 10, point 11: the service worker pins the installed version and asks before updating. The server
// starts serving a new build (another release build of the same sources with a different build setting, so
// its scripts, page and sw.js differ); the open app keeps running the installed version — reloads included —
// and shows "A new version … Update"; only the person's yes loads the new page. (What this cannot stop — a server rewriting sw.js to skip waiting — is in
// docs/operations.md and the sw-template's comment.)
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPersistent } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { buildRelease } from './support/release-build.ts';
import { reloadUnderServiceWorker, until } from './support/web-app.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

let dir: string;
let served: string;
let relay: WebRelay;

beforeAll(async () => {
  dir = await tempDir('update-consent');
  await buildRelease(join(dir, 'build'));
  await buildRelease(join(dir, 'next'), { VITE_ENTWINE_MAP_STYLE: 'osm' });
  served = join(dir, 'served');
  await cp(join(dir, 'build'), served, { recursive: true });
  relay = await startWebRelay({ tag: 'update-consent', webRoot: served });
}, 240_000);

afterAll(async () => {
  await relay?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Which build the page runs: the path of its entry script (hashed by content). */
const ENTRY = `new URL(document.querySelector('script[type="module"]').src).pathname`;

async function entryOf(build: string): Promise<string> {
  const html = await readFile(join(dir, build, 'index.html'), 'utf8');
  return /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '';
}

describe('service worker: no silent update', () => {
  it('keeps the installed version until the person says yes', async () => {
    const profile = join(dir, 'profile');
    const context = await launchPersistent(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(relay.url);
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      await reloadUnderServiceWorker(page);
      const installed = await entryOf('build');
      const next = await entryOf('next');
      expect(next).not.toBe(installed);
      expect(await page.evaluate(ENTRY)).toBe(installed);

      // The server now serves the new build.
      await rm(served, { recursive: true, force: true });
      await cp(join(dir, 'next'), served, { recursive: true });
      expect(await (await fetch(`${relay.url}/`)).text()).toContain(next);

      // Reloading (the browser checks sw.js on navigation) still shows the installed version, and asks.
      await page.reload();
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      expect(await page.evaluate(ENTRY)).toBe(installed);
      const banner = page.getByTestId('update-banner');
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toContain('A new version of Entwine is available');
      // Not now: still the installed version, even after another reload.
      await banner.getByRole('button', { name: 'Not now' }).click();
      await page.reload();
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      expect(await page.evaluate(ENTRY)).toBe(installed);

      // Yes: the new version takes over and the page reloads into it.
      await page.getByTestId('update-banner').getByRole('button', { name: 'Update' }).click();
      // Polled from the test, not with a string `waitForFunction`: its in-page polling evaluates the string,
      // which the app's CSP (no 'unsafe-eval') refuses whenever the first check is not already true. A check
      // that meets the reload in flight throws and is tried again.
      await until('the new version to load', async () => ((await page.evaluate(ENTRY)) === next ? true : undefined), 30_000);
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
