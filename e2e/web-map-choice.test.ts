// Acceptance 3 (issue 11): with a relay that serves no street map, the first time a person opens the map they
// are asked which map to draw — the outline map (fully offline) or OpenStreetMap's tiles — and nothing is
// requested from any host but the relay before they answer, however long the outline map has been drawn
// behind the question and across a reload. After choosing OpenStreetMap, its tile server is the only new
// host (answered here with a PNG the test makes: no test reaches the internet). Choosing the outlines keeps
// every request on the relay; either answer is saved and the question is not asked again.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { logHosts } from './support/host-log.ts';
import { noisePng } from './support/noise-png.ts';
import { onboard, until } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const OSM_HOST = 'tile.openstreetmap.org';
const GENEVA = { latitude: 46.2044, longitude: 6.1432, accuracy: 20 };

const web = webSuite({ tag: 'web-map-choice' });

interface MapWindow {
  __entwine?: { map: { getStyle(): { name?: string } | undefined; loaded(): boolean; areTilesLoaded(): boolean } };
}

/** The name of the style the map has loaded, once it has finished drawing it (tiles and all). */
async function drawnStyle(page: Page): Promise<string> {
  return until('the map to finish drawing', async () =>
    page.evaluate(() => {
      const map = (globalThis as unknown as MapWindow).__entwine?.map;
      const name = map?.getStyle()?.name;
      return map && name && map.loaded() && map.areTilesLoaded() ? name : undefined;
    }),
  );
}

const question = (page: Page) => page.getByRole('dialog', { name: 'Which map?' });

describe('without a basemap, the map asks before any third party is contacted', () => {
  it('asks once; nothing leaves the relay until OpenStreetMap is chosen, and then only its tile server is new', async () => {
    const tile = noisePng(256, 256, 11).png;
    const context = await web.context({ mapStyle: null, geolocation: GENEVA });
    const log = await logHosts(context, web.url, {
      [OSM_HOST]: (route) => route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from(tile) }),
    });
    const page = await context.newPage();
    const lines = pageLog(page);
    try {
      await page.goto(web.url);
      await onboard(page, 'Alice');
      await page.getByRole('button', { name: 'Map', exact: true }).click();
      await question(page).waitFor();
      // The outline map is drawn behind the question, from the app itself.
      expect(await drawnStyle(page)).toBe('Entwine offline');
      // Her own dot brings the map to Geneva: still only the relay.
      await page.getByRole('button', { name: 'Use my location' }).click();
      await page.locator('.map-controls button', { hasText: 'Fit all' }).and(page.locator(':enabled')).waitFor();
      expect(await drawnStyle(page)).toBe('Entwine offline');
      expect(log.foreign()).toEqual([]);

      // Unanswered, the question comes back after a reload; still nothing off the relay.
      await page.reload();
      await question(page).waitFor();
      expect(await drawnStyle(page)).toBe('Entwine offline');
      expect(log.foreign()).toEqual([]);
      const before = log.hosts();

      await question(page).getByRole('button', { name: 'OpenStreetMap tiles — the tile server sees which areas you view' }).click();
      await question(page).waitFor({ state: 'detached' });
      expect(await drawnStyle(page)).toBe('OpenStreetMap');
      await until('a tile from OpenStreetMap', async () => (log.hosts().has(OSM_HOST) ? true : undefined));
      const added = [...log.hosts()].filter((h) => !before.has(h));
      expect(added).toEqual([OSM_HOST]);
      expect(log.foreign().every((u) => new URL(u).host === OSM_HOST)).toBe(true);

      // Saved: no question on the next visit, and Me shows the choice.
      await page.reload();
      expect(await drawnStyle(page)).toBe('OpenStreetMap');
      expect(await question(page).count()).toBe(0);
      await page.getByRole('button', { name: 'Me', exact: true }).click();
      expect(await page.getByRole('radio', { name: /^OpenStreetMap tiles/ }).isChecked()).toBe(true);
      expect(lines.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      throw new Error(`${String(error)}\n--- page ---\n${lines.join('\n')}\n--- requests ---\n${log.urls.join('\n')}`);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('choosing the outlines keeps every request on the relay, and is not asked again', async () => {
    const context = await web.context({ mapStyle: null });
    const log = await logHosts(context, web.url);
    const page = await context.newPage();
    const lines = pageLog(page);
    try {
      await page.goto(web.url);
      await onboard(page, 'Bob');
      await page.getByRole('button', { name: 'Map', exact: true }).click();
      await question(page).getByRole('button', { name: 'Outlines only — fully offline' }).click();
      await question(page).waitFor({ state: 'detached' });
      await page.reload();
      expect(await drawnStyle(page)).toBe('Entwine offline');
      expect(await question(page).count()).toBe(0);
      await page.getByRole('button', { name: 'Me', exact: true }).click();
      expect(await page.getByRole('radio', { name: /^Outlines only/ }).isChecked()).toBe(true);
      expect(log.foreign()).toEqual([]);
    } catch (error) {
      throw new Error(`${String(error)}\n--- page ---\n${lines.join('\n')}\n--- requests ---\n${log.urls.join('\n')}`);
    } finally {
      await context.close();
    }
  }, 120_000);
});
