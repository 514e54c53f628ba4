/**
 * `npm run bench:trail` — a partner's year of trail, fluid (issue 14, acceptance 4). One relay (in this
 * process, serving the test build of the web app), Alice the sharer (the real @entwine/client, Node), and two
 * partners who each get her trail at exact: Carol, a Node device, and Bob, the web app in Chromium.
 * 1. Alice bonds with both and seals once (her vault's epoch and each bond's sending epoch), then a year of her
 *    history is put on the relay (`seed-history.ts`): 365 real chunks per bond, each a synthetic commute day at
 *    one fix per 30 s (2 880 fixes, about 1.05 M points a year), sealed under her real keys.
 * 2. Node (Carol): read the whole year (`trailOf`: `GET /v1/trail` page by page, verify the signature, decrypt,
 *    check the revision, decode) — time, and the part of it spent waiting for the relay; then derive the year's
 *    stays and trips day by day (`detectDay`, the state carried from day to day, as the sharer's device does).
 * 3. Chromium (Bob): the page's own read of one day and of every day (no drawing); the first draw of one day on
 *    the Trail screen (from choosing it to the first frame the map renders with the route, on the page's clock;
 *    and to the map idle, after its 600 ms camera move), then of the week and of the year as heat (the Span
 *    control); then 20 pans and zooms of the map, and the same before any trail as a baseline: every main-thread long task (PerformanceObserver `longtask`, > 50 ms) and the page's
 *    JavaScript heap (CDP `Performance.getMetrics`) after each step.
 * Printed beside Dawarich's published figure (189 k points ≈ 30 s to show, `shared/research/selfhosted-anchors.md`
 * §0): a number from their users' reports on their hardware, not a run of Dawarich here.
 *
 *   npm run bench:trail                    365 days at one fix per 30 s
 *   npm run bench:trail -- --days 30       a shorter history (a smoke run)
 *   npm run bench:trail -- --viewport 390x844   the page at a phone's size (default 1280x800)
 *   npm run bench:trail -- --profile       also CPU profiles: Carol's read, the page drawing the day and the year
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Device, loadDeviceState, type TrailEntry } from '@entwine/client';
import {
  type DayTrip,
  detectDay,
  detectEd25519,
  initialStayState,
  settleStays,
  systemRandom,
  type TrailFix,
  utcDayOf,
  vaultIdOf,
} from '@entwine/core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from '../../e2e/support/browser.ts';
import { ensureWebBuild } from '../../e2e/support/build-web.ts';
import { bond, newDevice } from '../../e2e/support/devices.ts';
import { startRelay, WEB_ROOT } from '../../e2e/support/relay.ts';
import { joinDeviceInvite, mapIdle as mapIdleWithin } from '../../e2e/support/web-app.ts';
import { commuteDay } from '../../packages/core/src/trail/test-support/synthetic-day.ts';
import { machineLine } from '../storage/machine.ts';
import { seedRelayHistory, sharerKeys } from '../storage/seed-history.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const DAYS = Number(option('--days') ?? 365);
/** `--profile`: a CPU profile of the page while it draws the day, its top functions by self time printed. */
const PROFILE = process.argv.includes('--profile');
const EVERY_MS = Number(option('--every') ?? 30_000);
/** The page's size: a laptop's window by default; `--viewport 390x844` is the phone the screenshots show. */
const [VIEW_W, VIEW_H] = (option('--viewport') ?? '1280x800').split('x').map(Number) as [number, number];
/** Dawarich's users' report: 189 k points ≈ 30 s for the map to show them (research §0). */
const DAWARICH = '189 k points ≈ 30 s (Dawarich, published by its users; not run here)';

/** Each day its own: the commute template moved by the day's seed, so no two days are the same bytes. */
const fixesOf = (day: number): TrailFix[] => commuteDay(day, EVERY_MS, 0x7a11 + day);

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

interface NodeRead {
  readMs: number;
  fixes: number;
  days: number;
  damaged: number;
  deriveMs: number;
  stays: number;
  trips: number;
  tripModes: Record<string, number>;
}

/** Carol reads the year and derives its stays and trips. */
async function nodeRead(carol: Device, first: number, last: number): Promise<NodeRead> {
  const days: { day: number; fixes: TrailFix[] }[] = [];
  let damaged = 0;
  const inspector = PROFILE ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const t0 = performance.now();
  for await (const entry of carol.trailOf('Alice', first, last) as AsyncGenerator<TrailEntry>) {
    if (!('trail' in entry)) damaged++;
    else if (entry.trail.level === 'exact') days.push({ day: entry.day, fixes: entry.trail.fixes });
  }
  const readMs = performance.now() - t0;
  if (inspector) {
    const { profile } = (await inspector.post('Profiler.stop')) as { profile: Profile };
    console.log(`profile of Carol's read (self time):\n${topSelf(profile)}`);
    inspector.disconnect();
  }
  let state = initialStayState();
  let stays = 0;
  const trips: DayTrip[] = [];
  const t1 = performance.now();
  for (const d of days) {
    const r = detectDay(state, d.fixes);
    state = r.state;
    stays += r.stays.length;
    trips.push(...r.trips);
  }
  const settled = settleStays(state);
  stays += settled.stays.length;
  trips.push(...settled.trips);
  const deriveMs = performance.now() - t1;
  const tripModes: Record<string, number> = {};
  for (const t of trips) tripModes[t.mode] = (tripModes[t.mode] ?? 0) + 1;
  const fixes = days.reduce((n, d) => n + d.fixes.length, 0);
  return { readMs, fixes, days: days.length, damaged, deriveMs, stays, trips: trips.length, tripModes };
}

async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The profile's 20 functions with the most self time, one per line. */
async function stopProfile(cdp: CDPSession): Promise<string> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  return topSelf(profile);
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function topSelf(profile: Profile): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id)?.callFrame;
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`)
    .join('\n');
}

interface PageStep {
  name: string;
  ms?: number;
  heap: number;
  note?: string;
}

/** The map idle with nothing left to draw (`e2e/support/web-app.ts`), allowing a year's draw on a busy machine. */
const mapIdle = (page: Page) => mapIdleWithin(page, 120_000);

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** Long tasks the page saw since the last call (ms each). */
async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { __longTasks?: number[] };
    const taken = w.__longTasks ?? [];
    w.__longTasks = [];
    return taken;
  });
}

/**
 * Arms the page to note the first frame the map renders after `sourceId` got the new read's data (the trail on
 * screen for the first time, before the camera's 600 ms move to it ends: the panel shows `shownSelector` by
 * then), and notes now as the start, both on the page's clock. `firstFrameMs` then waits for that frame and gives the time from the start.
 */
async function armFirstFrame(page: Page, sourceId: string, shownSelector: string): Promise<void> {
  await page.evaluate(
    ({ id, shown }) => {
      type M = {
        on(e: string, f: (ev: { sourceId?: string; sourceDataType?: string }) => void): void;
        once(e: string, f: () => void): void;
      };
      const w = globalThis as unknown as { __entwine: { map: M }; __frame?: { t0: number; at?: number; dataAt?: number; armed: boolean } };
      const state: { t0: number; at?: number; dataAt?: number; armed: boolean } = { t0: performance.now(), armed: true };
      w.__frame = state;
      const map = w.__entwine.map;
      map.on('sourcedata', (ev) => {
        // Only data set once the panel shows the new read: clearing the old drawing sets the source too.
        if (!state.armed || ev.sourceId !== id || ev.sourceDataType === 'metadata') return;
        if (!(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(shown)) return;
        state.armed = false;
        state.dataAt = performance.now();
        map.once('render', () => {
          state.at = performance.now();
        });
      });
    },
    { id: sourceId, shown: shownSelector },
  );
}

/** From the start to the map's `sourcedata` for the new trail (read, drawn in the worker, handed over and tiled by the map), and on to the first frame with it. */
interface FirstFrame {
  ms: number;
  dataMs: number;
}

async function firstFrameMs(page: Page): Promise<FirstFrame> {
  await page.waitForFunction(() => (globalThis as unknown as { __frame?: { at?: number } }).__frame?.at !== undefined, undefined, {
    timeout: 120_000,
  });
  return page.evaluate(() => {
    const f = (globalThis as unknown as { __frame: { t0: number; at: number; dataAt: number } }).__frame;
    return { ms: f.at - f.t0, dataMs: f.dataAt - f.t0 };
  });
}

interface Pan {
  longTasks: number[];
  panMs: number;
}

/** 20 animated pans and zooms, each to the map idle, as a person exploring does: the long tasks seen meanwhile. */
async function panAndZoom(page: Page): Promise<Pan> {
  await takeLongTasks(page);
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    await page.evaluate((k) => {
      const map = (
        globalThis as unknown as {
          __entwine: {
            map: {
              panBy(o: [number, number], a: { duration: number }): void;
              zoomTo(z: number, a: { duration: number }): void;
              getZoom(): number;
            };
          };
        }
      ).__entwine.map;
      if (k % 2 === 0) map.panBy([k % 4 === 0 ? 120 : -120, k % 3 === 0 ? 80 : -60], { duration: 300 });
      else map.zoomTo(Math.max(2, Math.min(17, map.getZoom() + (k % 4 === 1 ? 1 : -1))), { duration: 300 });
    }, i);
    await mapIdle(page);
  }
  return { panMs: performance.now() - started, longTasks: await takeLongTasks(page) };
}

async function browserSteps(
  page: Page,
  cdp: CDPSession,
  firstIso: string,
  lastIso: string,
  fixesPerDay: number,
): Promise<{ steps: PageStep[]; longTasks: number[]; panMs: number; baseline: Pan }> {
  const steps: PageStep[] = [];
  await page.getByRole('button', { name: 'Trail', exact: true }).click();
  await page.getByLabel('Trail of').selectOption({ label: 'Alice' });
  await page.locator('[data-testid="trail-panel"][data-state="shown"]').waitFor({ timeout: 60_000 });
  await takeLongTasks(page);
  steps.push({ name: 'Trail screen open (today: empty)', heap: await heapUsed(cdp) });
  // The baseline, in the same run: the same pans and zooms over the map with no trail on it.
  const baseline = await panAndZoom(page);

  // The page's own work for a day, without drawing it: read, verify, decrypt, decode in the page's JavaScript
  // (the test build's session hook), for a day not yet drawn; then every day of the range the same way.
  const inPage = await page.evaluate(
    async ({ first, last }) => {
      const session = (
        globalThis as unknown as Record<
          string,
          {
            trailDay(b: string, d: number): Promise<unknown[]>;
            trailDays(b: string, from: number, to: number): AsyncIterable<{ trail?: { fixes?: unknown[] } }>;
            snapshot: { bonds: { bondId: string; name: string }[] };
          }
        >
      ).__entwineTestSession;
      if (!session) throw new Error('no session hook: is this the e2e build?');
      const bondId = session.snapshot.bonds.find((b) => b.name === 'Alice')?.bondId as string;
      const t0 = performance.now();
      await session.trailDay(bondId, last - 1);
      const dayMs = performance.now() - t0;
      const t1 = performance.now();
      for (let d = first; d <= last; d++) await session.trailDay(bondId, d);
      const rangeMs = performance.now() - t1;
      const t2 = performance.now();
      let fixes = 0;
      for await (const e of session.trailDays(bondId, first, last)) fixes += e.trail?.fixes?.length ?? 0;
      return { dayMs, rangeMs, oneReadMs: performance.now() - t2, fixes, days: last - first + 1 };
    },
    { first: dayOf(firstIso), last: dayOf(lastIso) },
  );
  steps.push({ name: `the page reads one day (no drawing)`, ms: inPage.dayMs, heap: await heapUsed(cdp) });
  steps.push({ name: `the page reads all ${inPage.days} days one by one (no drawing)`, ms: inPage.rangeMs, heap: await heapUsed(cdp) });
  steps.push({
    name: `the page reads all ${inPage.days} days in one read (no drawing; ${inPage.fixes.toLocaleString('en')} fixes)`,
    ms: inPage.oneReadMs,
    heap: await heapUsed(cdp),
  });

  // A day: from picking it to the route on the map, the map idle.
  if (PROFILE) await startProfile(cdp);
  await armFirstFrame(page, 'trail-line', `[data-testid="trail-panel"][data-state="shown"][data-day="${lastIso}"]`);
  const t0 = performance.now();
  await page.getByLabel('Day (UTC)').fill(lastIso);
  await page.locator(`[data-testid="trail-panel"][data-state="shown"][data-day="${lastIso}"]`).waitFor({ timeout: 60_000 });
  const points = await page.getByTestId('trail-route').first().getAttribute('data-points');
  if (Number(points) !== fixesPerDay) throw new Error(`day ${lastIso}: expected ${fixesPerDay} points listed, got ${points}`);
  const listedMs = performance.now() - t0;
  const dayFrame = await firstFrameMs(page);
  await mapIdle(page);
  steps.push({
    name: `first draw of a day (${fixesPerDay} fixes)`,
    ms: dayFrame.ms,
    heap: await heapUsed(cdp),
    note: `the first frame with the route (the map's source loaded with it after ${ms(dayFrame.dataMs)}, the frame ${ms(dayFrame.ms - dayFrame.dataMs)} later); listed under the map after ${ms(listedMs)}; map idle (camera moved to it) after ${ms(performance.now() - t0)}`,
  });
  if (PROFILE) console.log(`profile of the day's first draw (self time):\n${await stopProfile(cdp)}`);

  // A week and the year, as heat, up to the last day: from choosing the span to the map idle with it drawn.
  for (const span of ['week', 'year'] as const) {
    if (PROFILE && span === 'year') await startProfile(cdp);
    await armFirstFrame(page, 'trail-density', `[data-testid="trail-panel"][data-state="shown"][data-span="${span}"]`);
    const t = performance.now();
    await page.getByLabel('Span').selectOption(span);
    await page.locator(`[data-testid="trail-panel"][data-state="shown"][data-span="${span}"]`).waitFor({ timeout: 120_000 });
    const squares = await page.getByTestId('trail-density').getAttribute('data-squares');
    const readMs = performance.now() - t;
    const frame = await firstFrameMs(page);
    await mapIdle(page);
    steps.push({
      name: `first draw of the ${span} as heat (${squares} squares)`,
      ms: frame.ms,
      heap: await heapUsed(cdp),
      note: `the first frame with the heat (the map's source loaded with it after ${ms(frame.dataMs)}, the frame ${ms(frame.ms - frame.dataMs)} later); read and summed after ${ms(readMs)}; map idle (camera moved to it) after ${ms(performance.now() - t)}`,
    });
    if (PROFILE && span === 'year') console.log(`profile of the year's first draw (self time):\n${await stopProfile(cdp)}`);
  }
  const loadTasks = await takeLongTasks(page);

  const { longTasks, panMs } = await panAndZoom(page);
  steps.push({
    name: 'after 20 pans and zooms',
    ms: panMs,
    heap: await heapUsed(cdp),
    note: `long tasks while loading the views: ${loadTasks.length ? loadTasks.map((d) => d.toFixed(0)).join(', ') : 'none'} ms`,
  });
  return { steps, longTasks, panMs, baseline };
}

/** The middle of a list of durations (0 for none): a map frame's usual cost here, beside the longest. */
function median(list: number[]): number {
  if (list.length === 0) return 0;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'entwine-bench-trail-'));
  ensureWebBuild('e2e');
  const relay = await startRelay({ tag: 'bench-trail', webRoot: WEB_ROOT, log: false, dataDir: join(root, 'relay') });
  const { device: alice, store } = await newDevice(relay.url, 'Alice');
  const { device: carol } = await newDevice(relay.url, 'Carol');
  let browser: Browser | undefined;
  try {
    const today = utcDayOf(Date.now());
    const first = today - DAYS;
    const last = today - 1;
    const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

    browser = await launchBrowser();
    // Motion as a person's browser has it by default: the tests' contexts reduce it (the map jumps instead of
    // easing), which would measure a camera no one sees.
    const context = await phoneContext(browser, relay.url, { viewport: { width: VIEW_W, height: VIEW_H }, reducedMotion: 'no-preference' });
    await context.addInitScript(() => {
      const w = globalThis as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
        // `longtask` is a browser entry type that Node's types (this file compiles with) do not list.
      }).observe({ type: 'longtask', buffered: true } as unknown as { type: 'mark' });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    await bond(alice, carol);
    await joinDeviceInvite(page, alice, 'Bob', {});
    for (const who of ['Carol', 'Bob']) await alice.setShield(who, 'trail', 'exact');
    await alice.recordFix({ lat: 47.3769, lon: 8.5417, acc: 5 });
    await alice.sealTrail({ now: true });
    await alice.flushed();

    const state = await loadDeviceState(store);
    if (!state) throw new Error('expected Alice to have a state');
    const history = Array.from({ length: DAYS }, (_, i) => first + i);
    const seedStarted = performance.now();
    let seededChunks = 0;
    let seededBytes = 0;
    for (const [i, b] of alice.bonds().entries()) {
      const keys = await sharerKeys(store, state, { vaultId: vaultIdOf(alice.identityPublicKey), bondId: b.bondId });
      const o = {
        ed: await detectEd25519(),
        random: systemRandom(),
        keys,
        days: history,
        fixesOf,
        today,
        deviceEveryMs: 86_400_000,
        vault: i === 0,
      };
      const seeded = await seedRelayHistory(relay.dataDir, o);
      seededChunks += seeded.chunks;
      seededBytes += seeded.bytes;
    }
    const fixesPerDay = fixesOf(last).length;
    console.log(`# bench:trail — ${machineLine(root)}`);
    console.log(`# command: npm run bench:trail${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
    console.log(
      `history: ${DAYS} days × ${fixesPerDay} fixes (one per ${EVERY_MS / 1000} s) = ${(DAYS * fixesPerDay).toLocaleString('en')} points per bond; ` +
        `seeded ${seededChunks} chunks, ${mib(seededBytes)} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    const n = await nodeRead(carol, first, last);
    console.log('\n## Node (Carol, @entwine/client)');
    console.log(
      `read the year (fetch, verify, decrypt, decode): ${ms(n.readMs)} — ${n.days} days, ${n.fixes.toLocaleString('en')} fixes, ${n.damaged} damaged`,
    );
    console.log(
      `derive the year's stays and trips: ${ms(n.deriveMs)} — ${n.stays} stays, ${n.trips} trips (${Object.entries(n.tripModes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    console.log(`process memory after: rss ${mib(process.memoryUsage().rss)}, heap ${mib(process.memoryUsage().heapUsed)}`);

    const b = await browserSteps(page, cdp, iso(first), iso(last), fixesPerDay);
    console.log(`\n## Chromium (Bob, the web app, ${VIEW_W}×${VIEW_H})`);
    for (const s of b.steps)
      console.log(`${s.name}: ${s.ms === undefined ? '—' : ms(s.ms)}; JS heap ${mib(s.heap)}${s.note ? `; ${s.note}` : ''}`);
    const worst = b.longTasks.length ? Math.max(...b.longTasks) : 0;
    const baseWorst = b.baseline.longTasks.length ? Math.max(...b.baseline.longTasks) : 0;
    console.log(
      `main-thread long tasks while panning and zooming: ${b.longTasks.length} (median ${ms(median(b.longTasks))}, longest ${ms(worst)}), over ${ms(b.panMs)}`,
    );
    console.log(
      `  baseline, the same pans and zooms with no trail drawn: ${b.baseline.longTasks.length} (median ${ms(median(b.baseline.longTasks))}, longest ${ms(baseWorst)}), over ${ms(b.baseline.panMs)}`,
    );
    console.log('\n## Targets (issue 14)');
    const day = b.steps.find((s) => s.name.startsWith('first draw of a day'))?.ms;
    const year = b.steps.find((s) => s.name.startsWith('first draw of the year'))?.ms;
    const heap = Math.max(...b.steps.map((s) => s.heap));
    const verdict = (ok: boolean | undefined) => (ok === undefined ? 'NOT MEASURED' : ok ? 'PASS' : 'MISS');
    console.log(
      `first draw of the year < 2 s: ${year === undefined ? '—' : ms(year)} ${verdict(year === undefined ? undefined : year < 2000)}`,
    );
    console.log(`first draw of a day < 200 ms: ${day === undefined ? '—' : ms(day)} ${verdict(day === undefined ? undefined : day < 200)}`);
    console.log(`no main-thread task over 50 ms while panning and zooming: longest ${ms(worst)} ${verdict(worst <= 50)}`);
    console.log(`page memory < 300 MB (JS heap, largest seen): ${mib(heap)} ${verdict(heap < 300e6)}`);
    console.log(`beside: ${DAWARICH}`);
  } finally {
    await browser?.close();
    alice.close();
    carol.close();
    await relay.remove();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
