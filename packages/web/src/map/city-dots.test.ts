// The outline map's city dots: density follows the zoom (a continent shows its largest cities, a region its
// towns), at most CITY_LIMIT at once with the most populous kept, and only places in (or near) the view.
import { type Place, PlaceIndex } from '@entwine/places';
import { describe, expect, it } from 'vitest';
import { CITY_LIMIT, cityFeatures, cityMinPopulation } from './city-dots.ts';

const place = (name: string, population: number, lat: number, lon: number): Place => ({
  name,
  country: 'CH',
  kind: 'locality',
  population,
  lat,
  lon,
});

const index = PlaceIndex.of([
  place('Zürich', 420_000, 47.3769, 8.5417),
  place('Genève', 200_000, 46.2022, 6.1457),
  place('Carouge', 22_000, 46.181, 6.1392),
  place('Cologny', 5_800, 46.2167, 6.1806),
  place('Tokyo', 9_000_000, 35.6895, 139.6917),
  { ...place('Plainpalais', 0, 46.195, 6.141), kind: 'neighbourhood' },
]);
const names = (fc: GeoJSON.FeatureCollection) => fc.features.map((f) => f.properties?.name);
const around = (lat: number, lon: number, deg: number) => ({ west: lon - deg, south: lat - deg, east: lon + deg, north: lat + deg });

describe('cityFeatures', () => {
  it('shows only large cities far out, and towns close in', () => {
    const europe = around(46.5, 7, 10);
    expect(names(cityFeatures(index, europe, 4))).toEqual([]);
    expect(names(cityFeatures(index, europe, 5))).toEqual(['Zürich', 'Genève']);
    const geneva = around(46.2, 6.14, 0.1);
    expect(names(cityFeatures(index, geneva, 7.5))).toEqual(['Genève', 'Carouge']);
    expect(names(cityFeatures(index, geneva, 10))).toEqual(['Genève', 'Carouge', 'Cologny']);
  });

  it('draws nothing out of view, and no neighbourhood as a city', () => {
    expect(names(cityFeatures(index, around(35.7, 139.7, 1), 9))).toEqual(['Tokyo']);
    expect(names(cityFeatures(index, around(46.2, 6.14, 0.1), 12))).not.toContain('Plainpalais');
  });

  it('keeps the most populous when there are too many', () => {
    const many = PlaceIndex.of(Array.from({ length: CITY_LIMIT * 2 }, (_, i) => place(`P${i}`, 1_000 + i, 46 + i * 1e-4, 6)));
    const drawn = cityFeatures(many, around(46, 6, 1), 12).features;
    expect(drawn).toHaveLength(CITY_LIMIT);
    expect(Math.min(...drawn.map((f) => Number(f.properties?.population)))).toBe(1_000 + CITY_LIMIT);
  });

  it('thins monotonically with the zoom', () => {
    for (let z = 0; z < 12; z += 0.5) expect(cityMinPopulation(z + 0.5)).toBeLessThanOrEqual(cityMinPopulation(z));
  });
});
