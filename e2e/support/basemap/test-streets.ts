/**
 * A small made-up town around a fixed centre (Geneva's coordinates, where the e2e partner stands), as GeoJSON
 * in the Protomaps basemap schema (layers `earth`, `water`, `landuse`, `roads`, `places`; properties `kind`,
 * `kind_detail`, `min_zoom`, `sort_rank`, `name`, `population_rank`), so that the style of
 * `@protomaps/basemaps` draws it: its filters (src/base_layers.ts) pick roads by `kind` (`major_road`,
 * `minor_road`) and label roads from zoom 11 (major) or 15 (minor) and localities by `kind: 'locality'`.
 * Everything stays within about 3 km of the centre, so the sliced tiles cover a few dozen addresses only.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export const TEST_CENTER = { lat: 46.2044, lon: 6.1432 } as const;

export const TEST_NAMES = {
  /** A minor street through the centre: drawn by `roads_minor`, labelled by `roads_labels_minor` from z15. */
  street: 'Rue du Test',
  /** A major road through the centre: `roads_major`, labelled by `roads_labels_major` from z11. */
  avenue: 'Avenue des Essais',
  park: 'Parc des Essais',
  lake: 'Lac des Essais',
  /** A locality label: `places_locality`. */
  place: 'Testville',
} as const;

/** The layers of the Protomaps basemap schema this town uses, in drawing order. */
export const TEST_LAYERS = ['earth', 'water', 'landuse', 'roads', 'places'] as const;
export type TestLayer = (typeof TEST_LAYERS)[number];

const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((TEST_CENTER.lat * Math.PI) / 180);

/** A position `east` and `north` metres from the centre, as GeoJSON [lon, lat]. */
function at(east: number, north: number): [number, number] {
  return [TEST_CENTER.lon + east / M_PER_DEG_LON, TEST_CENTER.lat + north / M_PER_DEG_LAT];
}

function box(west: number, south: number, east: number, north: number): Geometry {
  return { type: 'Polygon', coordinates: [[at(west, south), at(east, south), at(east, north), at(west, north), at(west, south)]] };
}

function feature(geometry: Geometry, properties: Record<string, string | number>): Feature {
  return { type: 'Feature', geometry, properties };
}

/** The town, one FeatureCollection per layer. */
export function testStreets(): Record<TestLayer, FeatureCollection> {
  const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
  return {
    earth: collection([feature(box(-3000, -3000, 3000, 3000), { kind: 'earth', min_zoom: 0 })]),
    water: collection([
      feature(box(700, -2500, 3000, 2500), { kind: 'lake', kind_detail: 'lake', name: TEST_NAMES.lake, min_zoom: 6, sort_rank: 200 }),
    ]),
    landuse: collection([feature(box(-700, 150, -200, 550), { kind: 'park', name: TEST_NAMES.park, min_zoom: 11, sort_rank: 170 })]),
    roads: collection([
      feature(
        {
          type: 'LineString',
          coordinates: [at(-2800, 0), at(-1000, 10), at(0, 0), at(650, -10)],
        },
        { kind: 'major_road', kind_detail: 'primary', name: TEST_NAMES.avenue, min_zoom: 7, sort_rank: 380 },
      ),
      feature(
        {
          type: 'LineString',
          coordinates: [at(-30, -2000), at(0, 0), at(30, 2000)],
        },
        { kind: 'minor_road', kind_detail: 'residential', name: TEST_NAMES.street, min_zoom: 12, sort_rank: 350 },
      ),
    ]),
    places: collection([
      feature(
        { type: 'Point', coordinates: at(-400, -450) },
        { kind: 'locality', kind_detail: 'town', name: TEST_NAMES.place, min_zoom: 8, population: 20_000, population_rank: 9 },
      ),
    ]),
  };
}
