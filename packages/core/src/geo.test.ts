// The one Earth: the grid, the map's circles and motion all measure on the sphere of 111 320 m per degree.
import { describe, expect, it } from 'vitest';
import { destination, distanceM, METRES_PER_DEGREE, metresPerDegreeLon, offsetM } from './geo.ts';

describe('geo', () => {
  it('a degree of latitude is METRES_PER_DEGREE, anywhere; a degree of longitude shrinks with cos(lat)', () => {
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(METRES_PER_DEGREE, 6);
    expect(distanceM({ lat: 60, lon: 8 }, { lat: 61, lon: 8 })).toBeCloseTo(METRES_PER_DEGREE, 6);
    expect(metresPerDegreeLon(60)).toBeCloseTo(METRES_PER_DEGREE / 2, 6);
  });

  it('destination and distance agree, in every direction', () => {
    const from = { lat: 47.3769, lon: 8.5417 };
    for (const bearing of [0, 45, 90, 180, 271])
      expect(distanceM(from, destination(from, bearing, 10_000)), `${bearing}`).toBeCloseTo(10_000, 6);
  });

  it('a local offset of a few metres is that many metres away', () => {
    const from = { lat: 47.3769, lon: 8.5417 };
    expect(distanceM(from, offsetM(from, 30, 40))).toBeCloseTo(50, 3);
  });
});
