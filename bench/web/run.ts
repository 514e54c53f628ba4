/**
 * `npm run bench:web` — the web app's benchmark (issue 4, acceptance 9). Not a test: it prints numbers.
 *
 * 1. The production bundle (`vite build`, built first when stale): every file of `packages/web/dist`,
 *    raw and gzip (zlib level 9, what a server with static compression would send).
 * 2. Time from navigation to a rendered map with one partner: a bonded page (the real ceremony, with an
 *    in-process partner that shared one position) is opened again and again; each run measures, inside the
 *    page, from navigation start to the first animation frame in which MapLibre has drawn what the map is
 *    for (`queryRenderedFeatures`). Two maps, measured in the same run against the same relay, which serves
 *    the test town (`e2e/support/basemap`, PMTiles) as its street map:
 *    - the outline map (saved choice "offline"): the partner's dot rendered;
 *    - the relay's street map (no saved choice, the default): the partner's street and its name rendered at
 *      street zoom (≥ 15) around the partner — the road layer and the label, after the first fit's 600 ms
 *      ease from the world view, as a person sees it.
 *    Each in two variants: "cached" (HTTP cache warm, as for a returning person) and "no cache" (cache
 *    disabled through the DevTools protocol). The service worker is blocked in all of them, so the network
 *    path is measured, not the offline shell.
 *
 *   npm run bench:web                   7 runs per map and variant
 *   npm run bench:web -- --runs 15
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildTestBasemap } from '../../e2e/support/basemap/build-test-basemap.ts';
import { launchBrowser, phoneContext } from '../../e2e/support/browser.ts';
import buildWeb, { ensureWebBuild, WEB_DIST } from '../../e2e/support/build-web.ts';
import { tempDir } from '../../e2e/support/cli.ts';
import { newDevice } from '../../e2e/support/devices.ts';
import { askToBond, onboard, waitBondStatus, waitForPartnerAt } from '../../e2e/support/web-app.ts';
import { startWebRelay } from '../../e2e/support/web-relay.ts';
import { placeNamesReport } from './place-names.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const PARTNER_AT = { lat: 46.2044, lon: 6.1432 };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(8)} KiB`;

function bundleReport(): string[] {
  const rows = files(WEB_DIST)
    .map((f) => {
      const raw = readFileSync(f);
      return { file: relative(WEB_DIST, f), raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
    })
    .sort((a, b) => b.gz - a.gz);
  const lines = [`${'file'.padEnd(56)}       raw      gzip -9`, ...rows.map((r) => `${r.file.padEnd(56)} ${kb(r.raw)} ${kb(r.gz)}`)];
  const js = rows.filter((r) => /\.(m?js|css|html)$/.test(r.file));
  const total = js.reduce((s, r) => ({ raw: s.raw + r.raw, gz: s.gz + r.gz }), { raw: 0, gz: 0 });
  lines.push(`${'all code (js, mjs, css, html)'.padEnd(56)} ${kb(total.raw)} ${kb(total.gz)}`);
  const first = js.filter((r) => /^(index\.html|assets\/(index|app|rolldown-runtime)-)/.test(r.file) || r.file.endsWith('.css'));
  const firstSum = first.reduce((s, r) => ({ raw: s.raw + r.raw, gz: s.gz + r.gz }), { raw: 0, gz: 0 });
  lines.push(`${'before the map chunk (html, entry, app, all css)'.padEnd(56)} ${kb(firstSum.raw)} ${kb(firstSum.gz)}`);
  return lines;
}

/** Milliseconds from navigation start to the first frame with the partner's dot rendered. */
async function timeToMap(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    ({ lat, lon }) => {
      const map = (
        globalThis as unknown as {
          __entwine?: { map: { queryRenderedFeatures(o: { layers: string[] }): { geometry: { coordinates: number[] } }[] } };
        }
      ).__entwine?.map;
      if (!map) return false;
      let found = false;
      try {
        found = map
          .queryRenderedFeatures({ layers: ['partner-dots'] })
          .some(
            (f) =>
              Math.abs((f.geometry.coordinates[1] as number) - lat) < 1e-3 && Math.abs((f.geometry.coordinates[0] as number) - lon) < 1e-3,
          );
      } catch {
        return false; // the style (and its layers) is not loaded yet
      }
      return found ? (globalThis as unknown as { performance: { now(): number } }).performance.now() : false;
    },
    PARTNER_AT,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Milliseconds from navigation start to the first frame in which the relay's street map shows, at street
 * zoom, the road the partner stands on (`roads_minor`) and its name (`roads_labels_minor`).
 */
async function timeToStreet(page: Page, url: string, street: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (name) => {
      const map = (
        globalThis as unknown as {
          __entwine?: {
            map: {
              getZoom(): number;
              getStyle(): { sources: Record<string, unknown> } | undefined;
              queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, unknown> }[];
            };
          };
        }
      ).__entwine?.map;
      if (!map || map.getZoom() < 15) return false;
      try {
        if (!map.getStyle()?.sources.protomaps) return false;
        // No named inner function: tsx would wrap it in a `__name` helper that the page does not have.
        for (const layer of ['roads_minor', 'roads_labels_minor'])
          if (!map.queryRenderedFeatures({ layers: [layer] }).some((f) => f.properties.name === name)) return false;
      } catch {
        return false; // the style (and its layers) is not loaded yet
      }
      return (globalThis as unknown as { performance: { now(): number } }).performance.now();
    },
    street,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] as number;
  return `median ${median.toFixed(0)} ms, min ${(s[0] as number).toFixed(0)} ms, max ${(s[s.length - 1] as number).toFixed(0)} ms (${s.length} runs)`;
}

async function main() {
  buildWeb();
  // Sizes are the release bundle's; the browser runs use the test build (it shortens the tick).
  ensureWebBuild('release');
  const townDir = await tempDir('bench-web-town');
  const town = buildTestBasemap(townDir);
  const relay = await startWebRelay({ tag: 'bench-web', basemap: town.pmtiles });
  const browser = await launchBrowser();
  const alice = await newDevice(relay.url, 'Alice');
  try {
    // No map choice saved: each run saves the one it measures (below).
    const context = await phoneContext(browser, relay.url, { serviceWorkers: 'block', mapStyle: null });
    let page = await context.newPage();
    await page.goto(relay.url);
    await onboard(page, 'Bob');
    const { link } = await alice.device.invite();
    await page.goto(link);
    await askToBond(page, 'Alice', {});
    await page.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
    for (let i = 0; i < 100 && !(await alice.device.requests()).length; i++) await new Promise((r) => setTimeout(r, 100));
    // 'match': a bond whose numbers nobody checked sends nothing (decision 0004), and the bench needs her position.
    await alice.device.confirm('Bob', { location: 'exact' }, 'match');
    await waitBondStatus(page, 'active');
    await alice.device.sync();
    await alice.device.recordFix({ ...PARTNER_AT, acc: 20 });
    await alice.device.publishTick();
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await waitForPartnerAt(page, 'Alice', PARTNER_AT.lat, PARTNER_AT.lon, { tolerance: 1e-3 });

    // The map each variant draws, saved as the person's choice before the page starts: the outline map, or
    // none (the relay's street map, the default when the relay serves one).
    const MAPS = { outline: 'offline', street: '' } as const;
    const VARIANTS = ['cached', 'no cache'] as const;
    const results: Record<string, number[]> = {};
    for (const map of ['outline', 'street'] as const) {
      for (const variant of VARIANTS) {
        const key = `${map}, ${variant}`;
        results[key] = [];
        for (let i = 0; i <= RUNS; i++) {
          await page.evaluate((style) => {
            (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
              'entwine.settings',
              JSON.stringify({ mapStyle: style }),
            );
          }, MAPS[map]);
          await page.close(); // one tab at a time holds the device
          page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: variant === 'no cache' });
          const ms =
            map === 'outline' ? await timeToMap(page, `${relay.url}/`) : await timeToStreet(page, `${relay.url}/`, town.names.street);
          if (i > 0) results[key]?.push(ms); // the first run of each variant warms up
        }
      }
    }
    const cpu = os.cpus()[0]?.model ?? 'unknown';
    const out = [
      'Entwine web app benchmark',
      `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${os.type()} ${os.release()}; Node ${process.version}; Chromium ${browser.version()} headless (SwiftShader WebGL)`,
      `command: npm run bench:web${RUNS !== 7 ? ` -- --runs ${RUNS}` : ''}   (node --import tsx bench/web/run.ts)`,
      '',
      'production bundle (packages/web/dist, vite build):',
      ...bundleReport().map((l) => `  ${l}`),
      '',
      'navigation → map rendered with one partner (phone viewport 390×844, relay on loopback, service worker blocked):',
      '  outline map (built in): the partner’s dot rendered',
      `    cached:   ${summary(results['outline, cached'] ?? [])}`,
      `    no cache: ${summary(results['outline, no cache'] ?? [])}`,
      `  street map (relay's --basemap, the test town as PMTiles, ${(statSync(town.pmtiles).size / 1024).toFixed(0)} KiB): road + its label at zoom ≥ 15 around the partner`,
      `    cached:   ${summary(results['street, cached'] ?? [])}`,
      `    no cache: ${summary(results['street, no cache'] ?? [])}`,
      '',
      ...(await placeNamesReport()),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    await context.close();
  } finally {
    alice.device.close();
    await browser.close();
    await relay.remove();
    await rm(townDir, { recursive: true, force: true });
  }
}

await main();
