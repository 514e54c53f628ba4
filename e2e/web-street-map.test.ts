// Acceptance 1 (issue 11): the relay started with a street map (the test town, built here from GeoJSON) is the
// map Bob sees, without being asked: bonded with Alice, who stands in the town's centre, Bob's map fits her at
// street level and draws the street layer and the street's name (checked with MapLibre's
// `queryRenderedFeatures`), in the light and the dark theme. Every request either browser made — pages,
// workers, the service worker — went to the relay and nowhere else: tiles by range requests on the archive,
// label fonts from the app's own files, icons drawn in the page. The same town as an MBTiles file draws the
// same way. Screenshots (acceptance 5): street-map-light.png, street-map-dark.png, and coarse-area-named.png
// (Alice at neighbourhood level: an area, named from the place names bundled with the app).
import { rm } from 'node:fs/promises';
import { namedFlavor } from '@protomaps/basemaps';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from './support/basemap/build-test-basemap.ts';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog, phoneContext } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { type HostLog, logHosts } from './support/host-log.ts';
import { sharedBrowser } from './support/shared-browser.ts';
import { onboard, renderedAreas, screenshot, setShield, until, waitForPartnerAt } from './support/web-app.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

let dir: string;
let town: TestBasemap;
let browser: Browser;

beforeAll(async () => {
  dir = await tempDir('web-street-map');
  town = buildTestBasemap(dir);
  browser = await sharedBrowser(); // the run's one Chromium; close() only disconnects
});
afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Rendered {
  layer: string;
  name: string | undefined;
}
interface MapWindow {
  __entwine?: {
    map: {
      getZoom(): number;
      getStyle():
        | { name?: string; sources: Record<string, unknown>; layers: { id: string; paint?: Record<string, unknown> }[] }
        | undefined;
      jumpTo(o: { center: [number, number]; zoom: number }): void;
      loaded(): boolean;
      areTilesLoaded(): boolean;
      queryRenderedFeatures(o: { layers: string[] }): { layer: { id: string }; properties: Record<string, unknown> }[];
    };
  };
}

const ROAD_LAYERS = ['roads_minor', 'roads_major'];
const LABEL_LAYERS = ['roads_labels_minor', 'roads_labels_major'];

/** The roads and road labels MapLibre has drawn right now (empty until the street map's style is loaded). */
async function renderedStreets(page: Page): Promise<{ roads: Rendered[]; labels: Rendered[] }> {
  return page.evaluate(
    ({ roadLayers, labelLayers }) => {
      const map = (globalThis as unknown as MapWindow).__entwine?.map;
      const style = map?.getStyle();
      if (!map || !style?.sources.protomaps) return { roads: [], labels: [] };
      const read = (layers: string[]) =>
        map.queryRenderedFeatures({ layers }).map((f) => ({
          layer: f.layer.id,
          name: typeof f.properties.name === 'string' ? f.properties.name : undefined,
        }));
      return { roads: read(roadLayers), labels: read(labelLayers) };
    },
    { roadLayers: ROAD_LAYERS, labelLayers: LABEL_LAYERS },
  );
}

/** Waits until the street layer and a label with the test street's name are rendered. */
async function waitForStreetAndLabel(page: Page, street: string): Promise<{ roads: Rendered[]; labels: Rendered[] }> {
  return until(
    `the street layer and the label "${street}"`,
    async () => {
      const drawn = await renderedStreets(page);
      return drawn.roads.some((r) => r.name === street) && drawn.labels.some((l) => l.name === street) ? drawn : undefined;
    },
    20_000,
  );
}

/** Waits until the map has every tile of the view and nothing left to draw (for a screenshot). */
async function settled(page: Page): Promise<void> {
  await until('the map to finish drawing', async () =>
    (await page.evaluate(() => {
      const map = (globalThis as unknown as MapWindow).__entwine?.map;
      return Boolean(map?.loaded() && map.areTilesLoaded());
    }))
      ? true
      : undefined,
  );
}

function expectOnlyRelay(logs: Record<string, HostLog>): void {
  for (const [who, log] of Object.entries(logs)) expect({ who, foreign: log.foreign() }).toEqual({ who, foreign: [] });
}

describe('the relay’s street map in the web app', () => {
  it('pmtiles: Bob sees the street and its name around Alice at street zoom, and no request leaves the relay', async () => {
    const relay: WebRelay = await startWebRelay({ tag: 'web-street-map', basemap: town.pmtiles });
    const here = { latitude: town.center.lat, longitude: town.center.lon, accuracy: 15 };
    // No saved map choice: the relay's map is the default, without the first-run question.
    const aliceCtx = await phoneContext(browser, relay.url, { mapStyle: null, geolocation: here });
    const bobCtx = await phoneContext(browser, relay.url, { mapStyle: null, geolocation: here });
    const logs = { alice: await logHosts(aliceCtx, relay.url), bob: await logHosts(bobCtx, relay.url) };
    const alice = await aliceCtx.newPage();
    const bob = await bobCtx.newPage();
    const lines = { alice: pageLog(alice), bob: pageLog(bob) };
    try {
      await bondPagesQuickly(alice, bob, { url: relay.url, aliceShares: { location: 'exact' }, bobShares: {} });
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', town.center.lat, town.center.lon);
      expect(await bob.getByRole('dialog', { name: 'Which map?' }).count()).toBe(0);

      // The first fit brings Alice in at street level: the street map goes that far.
      await until('Bob’s map at street zoom', async () =>
        (await bob.evaluate(() => (globalThis as unknown as MapWindow).__entwine?.map.getZoom() ?? 0)) >= 15 ? true : undefined,
      );
      const drawn = await waitForStreetAndLabel(bob, town.names.street);
      expect(drawn.roads.map((r) => r.layer)).toContain('roads_minor');
      expect(drawn.labels.find((l) => l.name === town.names.street)?.layer).toBe('roads_labels_minor');
      await waitForStreetAndLabel(alice, town.names.street);
      await settled(bob);
      await screenshot(bob, 'street-map-light');

      await bob.emulateMedia({ colorScheme: 'dark' });
      const dark = namedFlavor('dark').background;
      await until('the dark street map', async () =>
        (await bob.evaluate(
          () =>
            (globalThis as unknown as MapWindow).__entwine?.map.getStyle()?.layers.find((l) => l.id === 'background')?.paint?.[
              'background-color'
            ],
        )) === dark
          ? true
          : undefined,
      );
      await waitForStreetAndLabel(bob, town.names.street);
      await settled(bob);
      await screenshot(bob, 'street-map-dark');

      // A coarse area on the street map, named from the place names bundled with the app.
      await bob.emulateMedia({ colorScheme: 'light' });
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      await setShield(alice, 'Bob', 'location', 'neighbourhood');
      await until('a neighbourhood area for Alice on Bob’s map', async () =>
        (await renderedAreas(bob)).some((a) => a.name === 'Alice' && a.level === 'neighbourhood') ? true : undefined,
      );
      await bob.getByRole('button', { name: 'Fit all' }).click();
      const areaLabel = await until('the area’s label to name a place', async () => {
        const text = (await bob.locator('.partner-marker.area .age').textContent()) ?? '';
        return /^in \S.* · neighbourhood area · /.test(text) ? text : undefined;
      });
      expect(areaLabel).not.toMatch(/\d+\.\d{3,}/); // a name, not coordinates
      await until('the street map drawn around the area', async () => ((await renderedStreets(bob)).roads.length > 0 ? true : undefined));
      await settled(bob);
      await screenshot(bob, 'coarse-area-named');

      // What was fetched, and from where: the archive by ranges and the label fonts, both on the relay.
      for (const log of Object.values(logs)) {
        expect(log.urls.some((u) => new URL(u).pathname === '/basemap/archive.pmtiles')).toBe(true);
        expect(log.urls.some((u) => /\/assets\/noto-sans-latin-400-normal-[\w-]+\.woff2$/.test(new URL(u).pathname))).toBe(true);
      }
      expectOnlyRelay(logs);
      expect([...lines.alice, ...lines.bob].filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      throw new Error(
        `${String(error)}\n--- bob ---\n${lines.bob.join('\n')}\n--- bob's requests ---\n${logs.bob.urls.join('\n')}\n--- alice's requests ---\n${logs.alice.urls.join('\n')}`,
      );
    } finally {
      await aliceCtx.close();
      await bobCtx.close();
      await relay.remove();
    }
  }, 180_000);

  it('mbtiles: the same town from z/x/y tiles, with no request off the relay', async () => {
    const relay = await startWebRelay({ tag: 'web-street-map-mbtiles', basemap: town.mbtiles });
    const context = await phoneContext(browser, relay.url, { mapStyle: null });
    const log = await logHosts(context, relay.url);
    const page = await context.newPage();
    const lines = pageLog(page);
    try {
      await page.goto(relay.url);
      await onboard(page, 'Carol');
      await page.getByRole('button', { name: 'Map', exact: true }).click();
      await until('the street map’s style', async () =>
        (await page.evaluate(() => Boolean((globalThis as unknown as MapWindow).__entwine?.map.getStyle()?.sources.protomaps)))
          ? true
          : undefined,
      );
      await page.evaluate(
        ({ lon, lat }) => (globalThis as unknown as MapWindow).__entwine?.map.jumpTo({ center: [lon, lat], zoom: 15.5 }),
        town.center,
      );
      await waitForStreetAndLabel(page, town.names.street);
      expect(log.urls.some((u) => new URL(u).pathname.startsWith('/basemap/tiles/'))).toBe(true);
      expectOnlyRelay({ carol: log });
    } catch (error) {
      throw new Error(`${String(error)}\n--- page ---\n${lines.join('\n')}\n--- requests ---\n${log.urls.join('\n')}`);
    } finally {
      await context.close();
      await relay.remove();
    }
  }, 120_000);
});
