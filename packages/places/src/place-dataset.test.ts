/**
 * The compact dataset round-trips what the index needs (names, countries, kinds, coordinates within 11 m,
 * populations within one quarter-octave), is byte-for-byte deterministic, and refuses what it cannot read.
 */
import { describe, expect, it } from 'vitest';
import type { Place } from './place.ts';
import { decodePlaceDataset, encodePlaceDataset, PLACE_DATASET_VERSION } from './place-dataset.ts';

const PLACES: Place[] = [
  { name: 'Zürich', country: 'CH', kind: 'locality', population: 341730, lat: 47.36667, lon: 8.55 },
  { name: 'Oerlikon', country: 'CH', kind: 'neighbourhood', population: 17922, lat: 47.40966, lon: 8.54441 },
  { name: 'Lyon', country: 'FR', kind: 'locality', population: 472317, lat: 45.74846, lon: 4.84671 },
  { name: 'Suva', country: 'FJ', kind: 'locality', population: 77366, lat: -18.14161, lon: 178.44149 },
  { name: 'Waiyevo', country: 'FJ', kind: 'locality', population: 0, lat: -16.7833, lon: -179.9833 },
  { name: '東京', country: 'JP', kind: 'locality', population: 8336599, lat: 35.6895, lon: 139.69171 },
];

const byName = (places: Place[]) => Object.fromEntries(places.map((p) => [p.name, p]));

describe('place dataset', () => {
  it('round-trips names, countries and kinds exactly, coordinates within 1e-4° and populations within 9 %', () => {
    const back = byName(decodePlaceDataset(encodePlaceDataset(PLACES)));
    expect(Object.keys(back).sort()).toEqual(PLACES.map((p) => p.name).sort());
    for (const p of PLACES) {
      const q = back[p.name]!;
      expect([q.country, q.kind]).toEqual([p.country, p.kind]);
      expect(Math.abs(q.lat - p.lat)).toBeLessThanOrEqual(0.5e-4 + 1e-9);
      expect(Math.abs(q.lon - p.lon)).toBeLessThanOrEqual(0.5e-4 + 1e-9);
      if (p.population === 0) expect(q.population).toBe(0);
      else expect(Math.abs(q.population - p.population) / p.population).toBeLessThan(0.095);
    }
  });

  it('gives the same bytes for the same places in any order', () => {
    const a = encodePlaceDataset(PLACES);
    const b = encodePlaceDataset([...PLACES].reverse());
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('opens with the magic and its version, and refuses another version', () => {
    const bytes = encodePlaceDataset(PLACES);
    expect([...bytes.subarray(0, 5)]).toEqual([0x45, 0x57, 0x50, 0x4c, PLACE_DATASET_VERSION]);
    const next = bytes.slice();
    next[4] = PLACE_DATASET_VERSION + 1;
    expect(() => decodePlaceDataset(next)).toThrow(`expected version ${PLACE_DATASET_VERSION}, got ${PLACE_DATASET_VERSION + 1}`);
    const other = bytes.slice();
    other[0] = 0x50;
    expect(() => decodePlaceDataset(other)).toThrow('magic');
  });

  it('refuses a truncated dataset and one with bytes after its end', () => {
    const bytes = encodePlaceDataset(PLACES);
    for (const cut of [6, 20, bytes.length - 3]) expect(() => decodePlaceDataset(bytes.subarray(0, cut))).toThrow();
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodePlaceDataset(longer)).toThrow('expected the end');
  });
});
