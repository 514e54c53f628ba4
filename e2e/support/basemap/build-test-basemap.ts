/**
 * The test map, built from GeoJSON in the test itself (no tile server, no download): the same town written
 * as a PMTiles archive and as an MBTiles file, for the relay's tests, the e2e browser tests and the bench.
 */
import { join } from 'node:path';
import { writeMbtiles } from './mbtiles-writer.ts';
import { writePmtiles } from './pmtiles-writer.ts';
import { boundsOf, sliceTiles, vectorLayers } from './slice-tiles.ts';
import { TEST_CENTER, TEST_NAMES, testStreets } from './test-streets.ts';

export const TEST_MIN_ZOOM = 0;
export const TEST_MAX_ZOOM = 16;
export const TEST_ATTRIBUTION = 'Test map (made up) by Entwine';
export const TEST_MAP_NAME = 'Entwine test town';

export interface TestBasemap {
  pmtiles: string;
  mbtiles: string;
  center: { lat: number; lon: number };
  names: { street: string; avenue: string; park: string; place: string };
  /** Every tile written, uncompressed, XYZ numbering (what a reader must give back). */
  tiles: { z: number; x: number; y: number; mvt: Uint8Array }[];
  bounds: [number, number, number, number];
}

export function buildTestBasemap(dir: string): TestBasemap {
  const layers = testStreets();
  const tiles = sliceTiles(layers, TEST_MIN_ZOOM, TEST_MAX_ZOOM);
  const bounds = boundsOf(layers);
  const center: [number, number, number] = [TEST_CENTER.lon, TEST_CENTER.lat, 15];
  const vector_layers = vectorLayers(layers, TEST_MIN_ZOOM, TEST_MAX_ZOOM);
  const pmtiles = join(dir, 'test-town.pmtiles');
  const mbtiles = join(dir, 'test-town.mbtiles');
  writePmtiles(pmtiles, {
    tiles,
    bounds,
    center,
    metadata: { name: TEST_MAP_NAME, attribution: TEST_ATTRIBUTION, type: 'baselayer', vector_layers },
  });
  writeMbtiles(mbtiles, { tiles, name: TEST_MAP_NAME, attribution: TEST_ATTRIBUTION, bounds, center, vectorLayers: vector_layers });
  return {
    pmtiles,
    mbtiles,
    center: { ...TEST_CENTER },
    names: { street: TEST_NAMES.street, avenue: TEST_NAMES.avenue, park: TEST_NAMES.park, place: TEST_NAMES.place },
    tiles,
    bounds,
  };
}
