// Issue 10: `?tick=MS` in any link made a person's device publish up to 150× as often (every 100 ms instead of
// every 15 s). The override now exists only in the tests' build (`vite build --mode e2e`, `dist-e2e/`); the
// release (`npm run build -w @entwine/web`, `dist/`, what `npm start` serves) holds none of its code and
// ignores both the link parameter and the stored value. The test build is the control: the same page there
// does take the override, so the checks below can tell the two apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageLog, phoneContext } from './support/browser.ts';
import { ensureWebBuild, WEB_DIST, WEB_E2E_DIST } from './support/build-web.ts';
import { sharedBrowser } from './support/shared-browser.ts';
import { onboard } from './support/web-app.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

/** Every script a build ships (the bundle, its chunks, the service worker). */
function scripts(dist: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?js|html)$/.test(entry.name)) out.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(dist);
  return out;
}

/**
 * What the test hooks leave in any bundle, however it is minified: the override's storage key and its URL
 * parameter, and the global the tests bond pages through (`app/test-session-hook.ts`).
 */
const OVERRIDE_MARKS = [/entwine\.tickMs/, /\.get\(\s*[`'"]tick[`'"]\s*\)/, /__entwineTestSession/];

let browser: Browser;
const relays: WebRelay[] = [];

beforeAll(async () => {
  // The e2e build comes from the global setup; the release is built here when it is missing or stale.
  ensureWebBuild('release');
  browser = await sharedBrowser(); // the run's one Chromium; close() only disconnects
}, 240_000);
afterAll(async () => {
  await browser?.close();
  for (const r of relays) await r.remove();
});

/**
 * Opens the app from `webRoot` with `?tick=300` in the address and (through `phoneContext`, as every browser
 * test does) `localStorage['entwine.tickMs'] = 300`, onboards, and reads the tick the device publishes on.
 */
async function publishTickShown(webRoot: string, tag: string): Promise<number> {
  const relay = await startWebRelay({ tag, webRoot });
  relays.push(relay);
  const context = await phoneContext(browser, relay.url, { tickMs: 300 });
  const page = await context.newPage();
  const log = pageLog(page);
  try {
    await page.goto(`${relay.url}/?tick=300`);
    await onboard(page, 'Tess');
    await page.getByRole('button', { name: 'Me', exact: true }).click();
    const shown = page.getByTestId('publish-tick');
    await shown.waitFor();
    return Number(await shown.getAttribute('data-ms'));
  } catch (error) {
    throw new Error(`${String(error)}\npage log:\n${log.join('\n')}`);
  } finally {
    await context.close();
  }
}

describe('the release web app has no publish-tick override', () => {
  it('holds none of its code: no storage key, no `tick` URL parameter, no test session global (the test build has all)', () => {
    const release = scripts(WEB_DIST);
    expect(release.some((s) => s.file.endsWith('.js'))).toBe(true);
    for (const mark of OVERRIDE_MARKS) {
      expect(
        release.filter((s) => mark.test(s.text)).map((s) => s.file),
        String(mark),
      ).toEqual([]);
      expect(
        scripts(WEB_E2E_DIST).some((s) => mark.test(s.text)),
        `control: the test build keeps ${mark}`,
      ).toBe(true);
    }
  });

  it('in Chromium, the release publishes every 15 s whatever ?tick= says; the test build takes it', async () => {
    expect(await publishTickShown(WEB_DIST, 'tick-release')).toBe(15_000);
    expect(await publishTickShown(WEB_E2E_DIST, 'tick-e2e')).toBe(300);
  }, 120_000);
});
