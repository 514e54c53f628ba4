// Acceptance 3 (issue 14), in Chromium on the relay's street map (the test town, built here): Bob, on the web,
// imports his own GPX day on the Trail screen (with the file's times); the timeline lists the stays and the
// walk between them (derived on his device from his own exact fixes, the chunks carrying none yet); tapping a
// row flies the map there; the replay moves the marker along the route and the highlighted row in step
// (sampled while it plays at 600×). Alice, on the CLI, shares her day with Bob at `trail neighbourhood`: Bob
// sees her cells with their times, no route, and a replay marker that is a cell. "Our day" draws both days
// on one map, each in its own set of layers, with one scrubber. One bond, one page, several checks.
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap } from './support/basemap/build-test-basemap.ts';
import { TEST_CENTER } from './support/basemap/test-streets.ts';
import { cliAliceWebBob } from './support/cli-web-bond.ts';
import { trkpt } from './support/gpx-file.ts';
import { mapIdle, metresBetween, screenshot, until } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const DAY_MS = 86_400_000;
const MIN = 60_000;
/** Yesterday (UTC): a whole day, inside the 30 days a partner may look back by default. */
const DAY = Math.floor(Date.now() / DAY_MS) - 1;
const DAY_ISO = new Date(DAY * DAY_MS).toISOString().slice(0, 10);
const T0 = DAY * DAY_MS + 9 * 3_600_000;
const M_PER_DEG = 111_320;
const COS = Math.cos((TEST_CENTER.lat * Math.PI) / 180);

interface Fix {
  ts: number;
  lat: number;
  lon: number;
}

/**
 * A day: 40 min at a place, a 1.5 km walk east in 15 min, 40 min at the next place — a fix every 30 s,
 * wobbling a few metres as a GPS track does. `northM` moves the whole day (Alice's is another street).
 */
function day(northM: number, daysBack = 0): Fix[] {
  const fixes: Fix[] = [];
  const at = (ts: number, eastM: number, i: number): Fix => ({
    ts,
    lat: Number((TEST_CENTER.lat + (northM + 4 * Math.sin(i * 1.3)) / M_PER_DEG).toFixed(7)),
    lon: Number((TEST_CENTER.lon + (eastM - 750 + 4 * Math.cos(i * 1.7)) / (M_PER_DEG * COS)).toFixed(7)),
  });
  let ts = T0 - daysBack * DAY_MS;
  for (let i = 0; i < 80; i++, ts += 30_000) fixes.push(at(ts, 0, i));
  for (let i = 1; i <= 30; i++, ts += 30_000) fixes.push(at(ts, 50 * i, i));
  for (let i = 0; i < 80; i++, ts += 30_000) fixes.push(at(ts, 1_500, i));
  return fixes;
}
const BOB_DAY = day(0);
/** Three earlier days of Bob's, on other streets, for the month's heat. */
const BOB_EARLIER = [1, 2, 4].flatMap((k) => day(-250 * k, k));
const ALICE_DAY = day(400);
const STAY_A = { lat: TEST_CENTER.lat, lon: TEST_CENTER.lon - 750 / (M_PER_DEG * COS) };
const STAY_B = { lat: TEST_CENTER.lat, lon: TEST_CENTER.lon + 750 / (M_PER_DEG * COS) };

const gpx = (fixes: Fix[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="entwine-e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n${fixes
    .map((f) => trkpt({ time: f.ts, lat: f.lat, lon: f.lon, ele: 380 }))
    .join('\n')}\n</trkseg></trk></gpx>\n`;

/** Where the marker must be at `t`: between the two fixes around it, in proportion (as the screen does). */
function expectedAt(fixes: Fix[], t: number): { lat: number; lon: number } {
  const i = Math.max(
    0,
    fixes.findLastIndex((f) => f.ts <= t),
  );
  const a = fixes[i] as Fix;
  const b = fixes[i + 1] ?? a;
  const k = b.ts > a.ts ? Math.min(1, Math.max(0, (t - a.ts) / (b.ts - a.ts))) : 0;
  return { lat: a.lat + (b.lat - a.lat) * k, lon: a.lon + (b.lon - a.lon) * k };
}

const dir = mkdtempSync(join(tmpdir(), 'entwine-web-trail-views-'));
beforeAll(async () => {
  buildTestBasemap(dir);
  await writeFile(join(dir, 'bob.gpx'), gpx([...BOB_EARLIER, ...BOB_DAY]));
  await writeFile(join(dir, 'alice.gpx'), gpx(ALICE_DAY));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
const web = webSuite({ tag: 'web-trail-views', basemap: join(dir, 'test-town.pmtiles') });

interface Row {
  key: string;
  kind: string;
  start: number;
  end: number;
  current: boolean;
  text: string;
}
interface Replay {
  t: number;
  playing: boolean;
  tracks: { who: string; current: string; lat?: number; lon?: number; row?: number; col?: number; rows: Row[] }[];
}
/** The little of an element the test reads (the tests compile without the DOM library). */
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelectorAll(sel: string): Iterable<El>;
  querySelector(sel: string): El | null;
}

/** The replay's state as the DOM shows it, read at one moment (the scrubber, each day's marker and timeline). */
function replayState(page: Page): Promise<Replay> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: El }).document;
    const num = (el: El, a: string) => (el.getAttribute(a) === null ? undefined : Number(el.getAttribute(a)));
    const bar = doc.querySelector('[data-testid="trail-replay"]');
    return {
      t: Number(bar?.getAttribute('data-t')),
      playing: bar?.getAttribute('data-playing') === 'true',
      tracks: [...doc.querySelectorAll('[data-testid="trail-track"]')].map((tr) => ({
        who: tr.getAttribute('data-who') ?? '',
        current: tr.getAttribute('data-current') ?? '',
        ...(num(tr, 'data-marker-lat') !== undefined ? { lat: num(tr, 'data-marker-lat'), lon: num(tr, 'data-marker-lon') } : {}),
        ...(num(tr, 'data-marker-row') !== undefined ? { row: num(tr, 'data-marker-row'), col: num(tr, 'data-marker-col') } : {}),
        rows: [...tr.querySelectorAll('[data-testid="trail-timeline"] li')].map((li) => ({
          key: li.getAttribute('data-key') ?? '',
          kind: li.getAttribute('data-kind') ?? '',
          start: Number(li.getAttribute('data-start')),
          end: Number(li.getAttribute('data-end')),
          current: li.getAttribute('aria-current') === 'true',
          text: li.textContent ?? '',
        })),
      })),
    } as Replay;
  });
}

interface MapWindow {
  __entwine?: { map: { getSource(id: string): { getData(): Promise<unknown> } | undefined; getCenter(): { lat: number; lng: number } } };
}
/** How many features each trail source holds now (what the screen handed the map). */
function sourceCounts(page: Page, ids: string[]): Promise<Record<string, number>> {
  return page.evaluate(async (ids) => {
    const map = (globalThis as unknown as MapWindow).__entwine?.map;
    const out: Record<string, number> = {};
    for (const id of ids) out[id] = ((await map?.getSource(id)?.getData()) as { features?: unknown[] } | undefined)?.features?.length ?? -1;
    return out;
  }, ids);
}

async function showTrail(page: Page, of: string): Promise<void> {
  await page.getByLabel('Trail of').selectOption({ label: of });
  await page.getByLabel('Day (UTC)').fill(DAY_ISO);
  await page.locator(`[data-testid="trail-panel"][data-state="shown"][data-day="${DAY_ISO}"]`).waitFor();
}

describe('web app: the Trail screen’s timeline, replay and our day', () => {
  it('lists Bob’s stays and walk, replays them in step, shows Alice’s cells only, and both days together', async () => {
    const { home, alice, bob: page } = await cliAliceWebBob(web, { homeTag: 'web-trail-views-alice', context: { mapStyle: 'relay' } });
    try {
      await alice('shield', 'Bob', 'trail', 'neighbourhood');
      expect(await alice('import', join(dir, 'alice.gpx'), '--share', 'Bob')).toMatch(/190 kept/);

      // ── Bob's own day, imported with the file's times: two stays and the walk between ──
      // Bob's own place (as Me → Your places names it), where the first stay is: the timeline names that stay
      // by it, not by the nearest town.
      await page.evaluate(
        (home) =>
          (globalThis as unknown as { __entwineTestSession: { addPlace(p: object): Promise<unknown> } }).__entwineTestSession.addPlace(
            home,
          ),
        { name: 'Bakery', lat: STAY_A.lat, lon: STAY_A.lon, radius: 80 },
      );
      await page.getByRole('button', { name: 'Trail', exact: true }).click();
      await page.getByLabel('Import a track (GPX)').setInputFiles(join(dir, 'bob.gpx'));
      await page.getByText(`${190 * 4} points added to your trail.`).waitFor();
      await showTrail(page, 'You');
      await page.getByTestId('trail-timeline').waitFor();
      // The stays are the ones his device derived when it sealed the imported day (carried in the chunk).
      expect(await page.getByTestId('trail-timeline').getAttribute('data-source')).toBe('sender');
      const mine = (await replayState(page)).tracks;
      expect(mine.map((t) => t.who)).toEqual(['You']);
      const rows = mine[0]?.rows ?? [];
      expect(rows.map((r) => r.kind)).toEqual(['stay', 'trip', 'stay']);
      const [stayA, walk, stayB] = rows as [Row, Row, Row];
      expect(stayA.start).toBe(T0);
      expect(Math.abs(stayA.end - (T0 + 40 * MIN))).toBeLessThanOrEqual(2 * MIN);
      expect(Math.abs(stayB.start - (T0 + 55 * MIN))).toBeLessThanOrEqual(2 * MIN);
      expect(Math.abs(stayB.end - (T0 + 95 * MIN))).toBeLessThanOrEqual(MIN);
      expect(walk.text).toMatch(/walk, 1\d min, 1\.\d km/);
      expect(stayA.text).toMatch(/· Bakery$/);
      expect(stayB.text).not.toMatch(/Bakery/);
      for (const r of rows) expect(r.text).toMatch(/^\S*\s*\d\d:\d\d–\d\d:\d\d/);
      const counts = await sourceCounts(page, ['trail-line', 'trail-stays', 'trail-cells']);
      expect(counts).toEqual({ 'trail-line': 1, 'trail-stays': 2, 'trail-cells': 0 });
      // The notice of the bond would cover the map's top in the pictures.
      // One at a time: a dismissed notice leaves at once (no exit transition under reduced motion), and the rest move up.
      const dismiss = page.getByRole('button', { name: 'Dismiss' });
      while ((await dismiss.count()) > 0) await dismiss.first().click();
      await page.getByTestId('trail-timeline').scrollIntoViewIfNeeded();
      await mapIdle(page);
      await screenshot(page, 'trail-timeline');

      // Tapping the second stay flies the map there and puts the replay at its start.
      await page.locator(`[data-key="${stayB.key}"] button`).click();
      await until('the map to fly to the second stay', async () => {
        const c = await page.evaluate(() => (globalThis as unknown as MapWindow).__entwine?.map.getCenter());
        return c && metresBetween(STAY_B, { lat: c.lat, lon: c.lng }) < 150 ? true : undefined;
      });
      const atB = await replayState(page);
      expect(atB.t).toBe(stayB.start);
      expect(atB.tracks[0]?.current).toBe(stayB.key);
      expect(metresBetween(STAY_B, { lat: atB.tracks[0]?.lat ?? 0, lon: atB.tracks[0]?.lon ?? 0 })).toBeLessThan(30);

      // ── The replay at 600×: the marker on the route and the highlighted row in step, sampled as it plays ──
      await page.getByLabel('Replay time').fill(String(T0 + 30 * MIN));
      await page.getByRole('button', { name: '600×' }).click();
      await page.getByRole('button', { name: 'Play replay' }).click();
      const samples: Replay[] = [];
      await until(
        'the replay to play through the walk into the second stay',
        async () => {
          const s = await replayState(page);
          samples.push(s);
          return s.t > T0 + 60 * MIN ? true : undefined;
        },
        20_000,
      );
      await page.getByRole('button', { name: 'Pause replay' }).click();
      const seen = new Set<string>();
      for (const s of samples) {
        const track = s.tracks[0];
        const want = expectedAt(BOB_DAY, s.t);
        expect(metresBetween(want, { lat: track?.lat ?? 0, lon: track?.lon ?? 0 })).toBeLessThan(1);
        const current = rows.find((r) => r.key === track?.current);
        if (current) {
          expect(current.start).toBeLessThanOrEqual(s.t);
          expect(s.t).toBeLessThanOrEqual(current.end);
          seen.add(current.kind === 'trip' ? 'trip' : current.key);
        }
      }
      expect(seen.has('trip')).toBe(true);
      expect(seen.has(stayB.key)).toBe(true);
      expect(new Set(samples.map((s) => s.t)).size).toBeGreaterThan(2);
      await page.locator('[data-testid="trail-timeline"] li[aria-current="true"]').scrollIntoViewIfNeeded();
      await mapIdle(page);
      await screenshot(page, 'trail-replay');

      // ── Alice at neighbourhood: cells with times, no route; the replay's marker is a cell ──
      await showTrail(page, 'Alice');
      expect(await page.getByTestId('trail-cells-note').getAttribute('data-level')).toBe('neighbourhood');
      const visits = await page.locator('[data-testid="trail-visits"] li').evaluateAll((items) =>
        (items as unknown as El[]).map((li) => ({
          row: Number(li.getAttribute('data-row')),
          col: Number(li.getAttribute('data-col')),
          text: li.textContent ?? '',
        })),
      );
      expect(visits.length).toBeGreaterThan(1);
      for (const v of visits) expect(v.text).toMatch(/^\d\d:\d\d–\d\d:\d\d UTC/);
      expect(await sourceCounts(page, ['trail-line', 'trail-points', 'trail-cells'])).toEqual({
        'trail-line': 0,
        'trail-points': 0,
        'trail-cells': visits.length,
      });
      // Her stays as her device sealed them at Bob's level: cells with times, never re-derived here.
      expect(await page.getByTestId('trail-timeline').getAttribute('data-source')).toBe('sender');
      const herRows = (await replayState(page)).tracks[0]?.rows ?? [];
      expect(herRows.filter((r) => r.kind === 'stay').length).toBeGreaterThan(0);
      for (const r of herRows) expect(r.text).not.toMatch(/\d(\.\d)? k?m\b/); // a trip at an area level has no distance
      await page.getByLabel('Replay time').fill(String(T0 + 47 * MIN));
      const hers = (await replayState(page)).tracks[0];
      expect(hers?.lat).toBeUndefined();
      expect(visits.some((v) => v.row === hers?.row && v.col === hers?.col)).toBe(true);
      const panel = (await page.getByTestId('trail-panel').textContent()) ?? '';
      for (const f of ALICE_DAY) expect(panel).not.toContain(f.lat.toFixed(4));

      // ── Our day: Bob's route and Alice's cells on one map, one scrubber ──
      await page.getByLabel('Our day').check();
      await until('both days drawn', async () => {
        const c = await sourceCounts(page, ['trail-cells', 'trail-line', 'trail-ours-line', 'trail-ours-stays']);
        return c['trail-cells'] === visits.length && c['trail-line'] === 0 && c['trail-ours-line'] === 1 && c['trail-ours-stays'] === 2
          ? true
          : undefined;
      });
      await page.getByLabel('Replay time').fill(String(T0 + 20 * MIN));
      const both = await replayState(page);
      expect(both.tracks.map((t) => t.who)).toEqual(['Alice', 'You']);
      expect(both.tracks[0]?.row).toBeDefined();
      expect(metresBetween(STAY_A, { lat: both.tracks[1]?.lat ?? 0, lon: both.tracks[1]?.lon ?? 0 })).toBeLessThan(30);
      expect(both.tracks[1]?.current).toBe(both.tracks[1]?.rows[0]?.key);
      await page.locator('[data-who="You"] h3').scrollIntoViewIfNeeded();
      await mapIdle(page);
      await screenshot(page, 'trail-our-day');
      // ── A month of Bob's own trail as heat: one weighted point per square, never one per fix ──
      await page.getByLabel('Our day').uncheck();
      await showTrail(page, 'You');
      await page.getByLabel('Span').selectOption('month');
      await page.getByTestId('trail-density').waitFor();
      const squares = Number(await page.getByTestId('trail-density').getAttribute('data-squares'));
      expect(squares).toBeGreaterThan(4);
      expect(squares).toBeLessThan(190); // far fewer than the fixes of even one day
      await until('the heat drawn', async () => {
        const c = await sourceCounts(page, ['trail-density', 'trail-line', 'trail-stays']);
        return c['trail-density'] === squares && c['trail-line'] === 0 && c['trail-stays'] === 0 ? true : undefined;
      });
      expect(await page.getByTestId('trail-replay').count()).toBe(0);
      await mapIdle(page);
      await screenshot(page, 'trail-month');
      expect(web.pageErrors()).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
