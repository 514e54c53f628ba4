import { describe, expect, it } from 'vitest';
import { basemapInfoSchema } from './basemap.ts';

const pmtiles = {
  format: 'pmtiles',
  url: '/basemap/archive.pmtiles',
  minzoom: 0,
  maxzoom: 15,
  bounds: [5.9, 46.1, 6.3, 46.3],
  center: [6.1432, 46.2044, 14],
  attribution: '© OpenStreetMap',
  name: 'Geneva',
  version: 'abc123',
};

describe('basemapInfoSchema', () => {
  it('takes a PMTiles answer and an MBTiles answer', () => {
    expect(basemapInfoSchema.safeParse(pmtiles).success).toBe(true);
    const { url: _url, ...rest } = pmtiles;
    expect(basemapInfoSchema.safeParse({ ...rest, format: 'mbtiles', tiles: ['/basemap/tiles/{z}/{x}/{y}.mvt'] }).success).toBe(true);
  });

  it('refuses a format without its location', () => {
    const { url: _url, ...noUrl } = pmtiles;
    expect(basemapInfoSchema.safeParse(noUrl).success).toBe(false);
    expect(basemapInfoSchema.safeParse({ ...pmtiles, format: 'mbtiles' }).success).toBe(false);
  });

  it('refuses a location on another host, so a relay cannot point the app at a tile server', () => {
    for (const url of ['https://tiles.example/a.pmtiles', '//tiles.example/a.pmtiles', 'basemap/a.pmtiles']) {
      expect(basemapInfoSchema.safeParse({ ...pmtiles, url }).success, url).toBe(false);
    }
  });

  it('refuses bounds outside the globe and minzoom above maxzoom', () => {
    expect(basemapInfoSchema.safeParse({ ...pmtiles, bounds: [-200, 0, 0, 0] }).success).toBe(false);
    expect(basemapInfoSchema.safeParse({ ...pmtiles, minzoom: 16 }).success).toBe(false);
  });
});
