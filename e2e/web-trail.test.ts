// Acceptance 9 (issue 13): Alice, on the CLI, imports yesterday's walk from a GPX file and shares it with Bob
// at `trail exact` and with Carol at `trail neighbourhood`; Bob and Carol are web users in Chromium, on the
// relay's street map (the test town, built here). Bob's Trail screen draws the route — every fix a vertex of
// the line MapLibre rendered, the line's data exactly the file's points, its ends as points — and no cell.
// Carol's draws cells only: no line and no point on the map, every drawn coordinate a corner of the
// neighbourhood grid (1 km rows), none of them a fix, with each visit's enter and leave times listed under
// the map. Also: an empty day says so (Bob's own trail), and Bob's retention control sets 7 days for Alice,
// which the relay then keeps.
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap } from './support/basemap/build-test-basemap.ts';
import { TEST_CENTER } from './support/basemap/test-streets.ts';
import { ok, tempDir } from './support/cli.ts';
import { askToBond, confirmNumbers, metresBetween, onboard, screenshot, until, waitBondStatus } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const DAY_MS = 86_400_000;
/** Yesterday (UTC): inside the 30 days a partner may look back by default, and a whole day already. */
const DAY = Math.floor(Date.now() / DAY_MS) - 1;
const DAY_ISO = new Date(DAY * DAY_MS).toISOString().slice(0, 10);
const NEIGHBOURHOOD_ROW_DEG = 1_000 / 111_320;

/**
 * The walk: a fix every 30 s for an hour, east through the test town's centre, wobbling a few metres north
 * and south as a GPS track does (so no three fixes are in line, and none is simplified away). Seven decimals,
 * what a trail keeps.
 */
const WALK = Array.from({ length: 121 }, (_, i) => {
  const east = (i - 60) * 25;
  const north = 8 * Math.sin(i * 1.3);
  const lat = TEST_CENTER.lat + north / 111_320;
  const lon = TEST_CENTER.lon + east / (111_320 * Math.cos((TEST_CENTER.lat * Math.PI) / 180));
  return { ts: DAY * DAY_MS + 10 * 3_600_000 + i * 30_000, lat: Number(lat.toFixed(7)), lon: Number(lon.toFixed(7)) };
});

function gpx(points: typeof WALK): string {
  const pts = points
    .map(
      (p) =>
        `<trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}"><ele>380</ele><time>${new Date(p.ts).toISOString()}</time></trkpt>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="entwine-web-trail" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n${pts}\n</trkseg></trk></gpx>\n`;
}

// The street map the relay serves: its path is known now, the file is built before the relay starts (the
// `beforeAll` hooks run in the order they are declared).
const dir = mkdtempSync(join(tmpdir(), 'entwine-web-trail-'));
beforeAll(async () => {
  buildTestBasemap(dir);
  await writeFile(join(dir, 'walk.gpx'), gpx(WALK));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
const web = webSuite({ tag: 'web-trail', basemap: join(dir, 'test-town.pmtiles') });

/** A feature MapLibre rendered from one of the trail's sources. */
interface Drawn {
  layer: string;
  source: string;
  type: string;
  properties: Record<string, unknown>;
  coordinates: unknown;
}
interface TrailWindow {
  __entwine?: {
    map: {
      queryRenderedFeatures(o?: { layers: string[] }): {
        layer: { id: string };
        source: string;
        properties: Record<string, unknown>;
        geometry: { type: string; coordinates: unknown };
      }[];
      getLayer(id: string): unknown;
      getSource(id: string): { getData(): Promise<unknown> } | undefined;
    };
  };
}

const TRAIL_LAYERS = ['trail-cells', 'trail-cells-edge', 'trail-line', 'trail-points'];

/** Everything MapLibre has drawn right now from the trail's layers (a feature cut by tiles comes once per tile). */
function renderedTrail(page: Page): Promise<Drawn[]> {
  return page.evaluate((layers) => {
    const map = (globalThis as unknown as TrailWindow).__entwine?.map;
    if (!map || layers.some((l) => !map.getLayer(l))) return [];
    return map.queryRenderedFeatures({ layers }).map((f) => ({
      layer: f.layer.id,
      source: f.source,
      type: f.geometry.type,
      properties: f.properties,
      coordinates: f.geometry.coordinates,
    }));
  }, TRAIL_LAYERS);
}

/** The GeoJSON the trail's sources hold (what the screen handed the map, every vertex). */
function trailData(page: Page): Promise<Record<string, { features: { geometry: { type: string; coordinates: unknown } }[] }>> {
  return page.evaluate(async () => {
    const map = (globalThis as unknown as TrailWindow).__entwine?.map;
    const out: Record<string, unknown> = {};
    for (const id of ['trail-line', 'trail-points', 'trail-cells']) out[id] = await map?.getSource(id)?.getData();
    return out as Record<string, { features: { geometry: { type: string; coordinates: unknown } }[] }>;
  });
}

/** The little of a list item the test reads (the tests compile without the DOM library). */
interface ListedItem {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

/** Every [lon, lat] in a GeoJSON geometry's coordinates, however deeply nested. */
function positions(coordinates: unknown): [number, number][] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as [number, number]];
  return Array.isArray(coordinates) ? coordinates.flatMap(positions) : [];
}

/** Opens the Trail screen on a partner's (or, with 'You', one's own) day. */
async function showTrail(page: Page, of: string, day: string): Promise<void> {
  await page.getByRole('button', { name: 'Trail', exact: true }).click();
  await page.getByLabel('Trail of').selectOption({ label: of });
  await page.getByLabel('Day (UTC)').fill(day);
  await page.locator(`[data-testid="trail-panel"][data-state="shown"][data-day="${day}"]`).waitFor();
}

describe('web app: the Trail screen', () => {
  it('draws Alice’s walk as a route for Bob (exact) and as cells only for Carol (neighbourhood)', async () => {
    const home = await tempDir('web-trail-alice');
    const alice = (...args: string[]) => ok([...args, '--home', home, '--server', web.url]);
    await alice('init', '--name', 'Alice');
    const bob = await web.person({ mapStyle: 'relay' });
    const carol = await web.person({ mapStyle: 'relay' });
    try {
      // Bob and Carol each answer an invite of Alice's on the web, sharing nothing back.
      for (const { page, name } of [
        { page: bob.page, name: 'Bob' },
        { page: carol.page, name: 'Carol' },
      ]) {
        const link = (await alice('invite')).split('\n')[0] as string;
        await page.goto(link);
        await onboard(page, name);
        await askToBond(page, 'Alice', {});
        await page.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
        await alice('confirm', name, '--share', 'location', '--numbers-match');
        await waitBondStatus(page, 'active');
        await confirmNumbers(page);
      }
      await alice('shield', 'Bob', 'trail', 'exact');
      await alice('shield', 'Carol', 'trail', 'neighbourhood');
      const walk = join(dir, 'walk.gpx');
      expect(await alice('import', walk, '--share', 'Bob')).toMatch(/Read 121 points .*121 kept, 121 new to your trail/);
      expect(await alice('import', walk, '--share', 'Carol')).toMatch(new RegExp(`\\(${DAY_ISO}\\) into your vault and for Carol\\.`));

      // ── Bob, at exact: the route ───────────────────────────────────────────
      await showTrail(bob.page, 'Alice', DAY_ISO);
      expect(await bob.page.getByTestId('trail-route').getAttribute('data-points')).toBe('121');
      const route = await until('Alice’s route drawn on Bob’s map', async () => {
        const drawn = await renderedTrail(bob.page);
        const ends = new Set(drawn.filter((f) => f.layer === 'trail-points').map((f) => f.properties.end));
        return drawn.some((f) => f.layer === 'trail-line') && ends.size === 2 ? drawn : undefined;
      });
      expect(route.filter((f) => f.layer.startsWith('trail-cells'))).toEqual([]);
      const lines = route.filter((f) => f.layer === 'trail-line');
      for (const l of lines) {
        expect(['LineString', 'MultiLineString']).toContain(l.type);
        expect(l.properties.points).toBe(121);
      }
      // Every fix is a vertex of the line as rendered (tiles quantize to well under a metre at this zoom).
      const vertices = lines.flatMap((l) => positions(l.coordinates));
      const missing = WALK.filter((f) => !vertices.some(([lon, lat]) => metresBetween(f, { lat, lon }) < 2));
      expect(missing).toEqual([]);
      for (const p of route.filter((f) => f.layer === 'trail-points')) {
        const fix = p.properties.end === 'start' ? WALK[0] : WALK.at(-1);
        const [[lon, lat] = [0, 0]] = positions(p.coordinates);
        expect(metresBetween(fix as (typeof WALK)[number], { lat, lon })).toBeLessThan(2);
      }
      // The line's data is the file's points, in order, to the 1e-7° a trail keeps.
      const bobData = await trailData(bob.page);
      const [line] = bobData['trail-line']?.features ?? [];
      expect(line?.geometry.type).toBe('LineString');
      const coords = positions(line?.geometry.coordinates);
      expect(coords).toHaveLength(WALK.length);
      for (const [i, [lon, lat]] of coords.entries()) {
        expect(lon).toBeCloseTo((WALK[i] as (typeof WALK)[number]).lon, 7);
        expect(lat).toBeCloseTo((WALK[i] as (typeof WALK)[number]).lat, 7);
      }
      expect(bobData['trail-cells']?.features).toEqual([]);
      await screenshot(bob.page, 'trail-exact');

      // ── Carol, at neighbourhood: cells only ────────────────────────────────
      await showTrail(carol.page, 'Alice', DAY_ISO);
      const note = carol.page.getByTestId('trail-cells-note');
      expect(await note.getAttribute('data-level')).toBe('neighbourhood');
      const listed = await carol.page.locator('[data-testid="trail-visits"] li').evaluateAll((items) =>
        (items as unknown as ListedItem[]).map((li) => ({
          enter: Number(li.getAttribute('data-enter')),
          leave: Number(li.getAttribute('data-leave')),
          text: li.textContent ?? '',
        })),
      );
      expect(listed.length).toBeGreaterThan(1); // 3 km east: more than one 1 km cell
      for (const v of listed) {
        expect(v.enter).toBeLessThan(v.leave);
        expect(v.enter).toBeGreaterThanOrEqual(DAY * DAY_MS);
        expect(v.leave).toBeLessThanOrEqual((DAY + 1) * DAY_MS);
        expect(v.text).toMatch(/^\d\d:\d\d–\d\d:\d\d UTC/);
      }
      const cells = await until('Alice’s cells drawn on Carol’s map', async () => {
        const drawn = await renderedTrail(carol.page);
        const keys = new Set(drawn.filter((f) => f.layer === 'trail-cells').map((f) => f.properties.key));
        return keys.size === listed.length ? drawn : undefined;
      });
      // No line, no point: only cells, as polygons.
      expect(cells.filter((f) => f.layer === 'trail-line' || f.layer === 'trail-points')).toEqual([]);
      expect(new Set(cells.filter((f) => f.layer === 'trail-cells').map((f) => f.type))).toEqual(new Set(['Polygon']));
      // What the map holds: cell rectangles on the neighbourhood grid's rows, none of their corners a fix.
      const carolData = await trailData(carol.page);
      expect(carolData['trail-line']?.features).toEqual([]);
      expect(carolData['trail-points']?.features).toEqual([]);
      const rects = carolData['trail-cells']?.features ?? [];
      expect(rects).toHaveLength(listed.length);
      for (const r of rects) {
        expect(r.geometry.type).toBe('Polygon');
        const corners = positions(r.geometry.coordinates);
        expect(corners).toHaveLength(5);
        const lats = corners.map(([, lat]) => lat);
        expect(Math.max(...lats) - Math.min(...lats)).toBeCloseTo(NEIGHBOURHOOD_ROW_DEG, 9);
        for (const lat of lats) {
          const k = lat / NEIGHBOURHOOD_ROW_DEG;
          expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
        }
        for (const [lon, lat] of corners) expect(WALK.some((f) => metresBetween(f, { lat, lon }) < 1)).toBe(false);
      }
      const panelText = (await carol.page.getByTestId('trail-panel').textContent()) ?? '';
      for (const f of WALK) expect(panelText).not.toContain(f.lat.toFixed(4));
      await screenshot(carol.page, 'trail-neighbourhood');

      // ── An empty day says so: Bob's own trail (he recorded nothing) ────────
      await bob.page.getByLabel('Trail of').selectOption({ label: 'You' });
      await bob.page.getByTestId('trail-empty').waitFor();
      expect(await bob.page.getByTestId('trail-empty').textContent()).toBe(`No trail of yours on ${DAY_ISO} (UTC).`);
      await until('Bob’s map to drop Alice’s route', async () =>
        (await trailData(bob.page))['trail-line']?.features.length === 0 ? true : undefined,
      );

      // ── Bob's retention for the trail he shares with Alice: 7 days, kept by the relay ──
      await bob.page.getByRole('button', { name: 'Sharing', exact: true }).click();
      const card = bob.page.locator('.card.partner[data-partner="Alice"]');
      await card.locator('.retention-row[data-retention="30"]').waitFor(); // the default, read from the device
      expect(await card.getByTestId('retention-now').textContent()).toBe('30 days');
      await card.getByLabel('Trail kept for Alice', { exact: true }).selectOption('7');
      await card.getByRole('button', { name: 'Apply trail kept for Alice' }).click();
      await card.locator('.retention-row[data-retention="7"]').waitFor();
      expect(await card.getByTestId('retention-now').textContent()).toBe('7 days');
      const { bonds } = JSON.parse(await alice('bonds', '--json')) as { bonds: { name: string; bondId: string }[] };
      const withBob = bonds.find((b) => b.name === 'Bob')?.bondId;
      const db = new Database(join(web.relay.dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
      try {
        expect(db.prepare('SELECT bond_id, days FROM retention').all()).toEqual([{ bond_id: withBob, days: 7 }]);
      } finally {
        db.close();
      }
      expect(web.pageErrors()).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 180_000);
});
