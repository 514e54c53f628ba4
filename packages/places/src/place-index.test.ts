/**
 * The index on small made-up worlds, where the right answer is plain: a name is never finer than its
 * precision, city cells name the big place around (a naive nearest-point lookup, the control, names the
 * village), searches cross the antimeridian, and a point far from everything gets no name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAR_LIMIT_KM } from './naming-scale.ts';
import { type Place, PRECISIONS } from './place.ts';
import { PlaceIndex, snapshotBuffers } from './place-index.ts';

const town = (name: string, lat: number, lon: number, population: number, country = 'CH'): Place => ({
  name,
  country,
  kind: 'locality',
  population,
  lat,
  lon,
});
const section = (name: string, lat: number, lon: number): Place => ({
  name,
  country: 'CH',
  kind: 'neighbourhood',
  population: 5000,
  lat,
  lon,
});

// 0.009° of latitude ≈ 1 km.
const KM = 0.009;
const CITY = town('Bigtown', 47, 8, 400_000);
const VILLAGE = town('Smallvillage', 47 + 5 * KM, 8, 1_200);
const TOWN_FAR = town('Othertown', 47 + 40 * KM, 8, 30_000);
const OLDTOWN = section('Oldtown', 47 + 0.5 * KM, 8);
const RIVERSIDE = section('Riverside', 47 + 5.2 * KM, 8);
const WORLD = PlaceIndex.of([CITY, VILLAGE, TOWN_FAR, OLDTOWN, RIVERSIDE]);

function naiveNearest(places: Place[], lat: number, lon: number): Place {
  return places.reduce((a, b) => (Math.hypot(a.lat - lat, a.lon - lon) <= Math.hypot(b.lat - lat, b.lon - lon) ? a : b));
}

describe('PlaceIndex.nameAt', () => {
  it('names the neighbourhood and the town at exact and street, only the town at neighbourhood and city', () => {
    const [lat, lon] = [47 + 0.3 * KM, 8];
    for (const precision of ['exact', 'street'] as const)
      expect(WORLD.nameAt(lat, lon, precision)).toMatchObject({ locality: 'Bigtown', neighbourhood: 'Oldtown', country: 'CH', far: false });
    for (const precision of ['neighbourhood', 'city'] as const) {
      const name = WORLD.nameAt(lat, lon, precision);
      expect(name?.locality).toBe('Bigtown');
      expect(name).not.toHaveProperty('neighbourhood');
    }
  });

  it('never names a neighbourhood at neighbourhood or city precision, wherever the point is (property, seeded)', () => {
    fc.assert(
      fc.property(fc.double({ min: 46.8, max: 47.5, noNaN: true }), fc.double({ min: 7.8, max: 8.2, noNaN: true }), (lat, lon) => {
        for (const precision of ['neighbourhood', 'city'] as const)
          expect(WORLD.nameAt(lat, lon, precision)?.neighbourhood).toBeUndefined();
      }),
      { seed: 0x91ac_e5, numRuns: 500 },
    );
  });

  it('at city precision names the big place for a cell centre on a village, where the naive nearest point names the village', () => {
    const [lat, lon] = [VILLAGE.lat + 0.2 * KM, 8];
    expect(naiveNearest([CITY, VILLAGE, TOWN_FAR], lat, lon).name).toBe('Smallvillage');
    expect(WORLD.nameAt(lat, lon, 'city')?.locality).toBe('Bigtown');
    // At the fine levels the person is at the village, and it says so.
    expect(WORLD.nameAt(lat, lon, 'street')?.locality).toBe('Smallvillage');
    expect(WORLD.nameAt(lat, lon, 'neighbourhood')?.locality).toBe('Smallvillage');
  });

  it('leaves out a neighbourhood farther than 1.5 km, and one named after the town itself', () => {
    expect(WORLD.nameAt(47 + 2.5 * KM, 8, 'exact')?.neighbourhood).toBeUndefined();
    const index = PlaceIndex.of([CITY, section('Bigtown (Kreis 1)', 47, 8)]);
    expect(index.nameAt(47, 8, 'exact')).toMatchObject({ locality: 'Bigtown' });
    expect(index.nameAt(47, 8, 'exact')).not.toHaveProperty('neighbourhood');
  });

  it('finds places across the antimeridian, from either side and from longitudes past ±180', () => {
    // Each time the nearer place is on the other side of the line.
    const eastward = PlaceIndex.of([town('Eastedge', -16.8, 179.9, 3000, 'FJ'), town('Westedge', -16.8, -179.98, 3000, 'FJ')]);
    expect(eastward.nameAt(-16.8, 179.99, 'street')?.locality).toBe('Westedge');
    expect(eastward.nameAt(-16.8, 179.99, 'street')?.distanceKm).toBeLessThan(4);
    const westward = PlaceIndex.of([town('Eastedge', -16.8, 179.98, 3000, 'FJ'), town('Westedge', -16.8, -179.9, 3000, 'FJ')]);
    expect(westward.nameAt(-16.8, -179.99, 'street')?.locality).toBe('Eastedge');
    expect(westward.nameAt(-16.8, -180.01, 'street')?.locality).toBe('Eastedge');
    expect(westward.nameAt(-16.8, 180.05, 'street')?.locality).toBe('Westedge');
  });

  it('marks a locality beyond reach as far, and gives no name past the far limit, poles included', () => {
    const far = WORLD.nameAt(47 - 100 * KM, 8, 'street');
    expect(far).toMatchObject({ locality: 'Bigtown', far: true });
    expect(far?.distanceKm).toBeGreaterThan(95);
    expect(WORLD.nameAt(47 - (FAR_LIMIT_KM + 10) * KM, 8, 'street')).toBeUndefined();
    for (const precision of PRECISIONS) {
      expect(WORLD.nameAt(90, 0, precision)).toBeUndefined();
      expect(WORLD.nameAt(-90, 123, precision)).toBeUndefined();
    }
    const polar = PlaceIndex.of([town('Northpost', 89.5, 10, 1000, 'NO')]);
    expect(polar.nameAt(90, -170, 'city')).toMatchObject({ locality: 'Northpost', far: true });
  });

  it('refuses coordinates that are not on the globe and precisions that are not levels', () => {
    expect(() => WORLD.nameAt(91, 0, 'city')).toThrow(RangeError);
    expect(() => WORLD.nameAt(Number.NaN, 0, 'city')).toThrow(RangeError);
    expect(() => WORLD.nameAt(0, Number.POSITIVE_INFINITY, 'city')).toThrow(RangeError);
    expect(() => WORLD.nameAt(47, 8, 'hidden' as 'city')).toThrow(TypeError);
  });

  it('works on an empty dataset', () => {
    expect(PlaceIndex.of([]).nameAt(47, 8, 'exact')).toBeUndefined();
  });
});

describe('PlaceIndex.localitiesWithin', () => {
  it('lists localities in a box, most populous first, with a population floor and a limit', () => {
    const box = { west: 7.9, south: 46.9, east: 8.1, north: 47.1 };
    expect(WORLD.localitiesWithin(box).map((p) => p.name)).toEqual(['Bigtown', 'Smallvillage']);
    expect(WORLD.localitiesWithin(box, { minPopulation: 10_000 }).map((p) => p.name)).toEqual(['Bigtown']);
    expect(WORLD.localitiesWithin({ ...box, north: 48 }, { limit: 2 }).map((p) => p.name)).toEqual(['Bigtown', 'Othertown']);
  });

  it('crosses the antimeridian when west > east', () => {
    const index = PlaceIndex.of([town('Eastedge', -16.8, 179.95, 3000, 'FJ'), town('Westedge', -16.8, -179.9, 2000, 'FJ'), CITY]);
    expect(index.localitiesWithin({ west: 179, south: -17, east: -179, north: -16 }).map((p) => p.name)).toEqual(['Eastedge', 'Westedge']);
  });
});

describe('PlaceIndex.snapshot', () => {
  it('survives a transfer to another thread (structured clone, buffers moved) and answers the same', () => {
    const index = PlaceIndex.of([CITY, VILLAGE, TOWN_FAR, OLDTOWN, RIVERSIDE]);
    const snapshot = index.snapshot();
    const moved = structuredClone(snapshot, { transfer: snapshotBuffers(snapshot) });
    expect(snapshot.table.lat.byteLength).toBe(0); // moved, not copied
    const copy = PlaceIndex.fromSnapshot(moved);
    for (const precision of PRECISIONS)
      for (const lat of [46.99, 47.003, 47.05, 47.36])
        expect(copy.nameAt(lat, 8.001, precision)).toEqual(WORLD.nameAt(lat, 8.001, precision));
    expect(copy.size).toBe(5);
  });
});
