/**
 * City dots and names on the outline map, from the place names bundled with the app (`@entwine/places`,
 * GeoNames), so that the offline map is not an empty field at city zoom. Guarantees:
 * - density follows the zoom: a continent shows its largest cities, a region its towns (`cityMinPopulation`),
 *   and never more than `CITY_LIMIT` names at once, the most populous first;
 * - only what is in view (with a margin) is handed to MapLibre (`follow-cities.ts` recomputes it when the map
 *   stops moving), so the 130 000 localities of the dataset never go to the map's worker at once;
 * - the names are drawn with the app's own Noto Sans (`font-faces`, `map-fonts.ts`): no glyph server;
 * - the dataset is fetched only once the outline map is on screen (`ui/place-names.ts` loads it lazily).
 */
import type { Bounds, Place, PlaceIndex } from '@entwine/places';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { FONT } from './map-fonts.ts';
import type { Palette } from './offline-style.ts';

export const CITY_SOURCE = 'cities';
export const CITY_LAYERS = { dots: 'city-dots', labels: 'city-labels' } as const;
/** At most this many places are drawn at once. */
export const CITY_LIMIT = 300;

/** The smallest place worth a dot at a zoom: a few dozen per screen at every scale. */
export function cityMinPopulation(zoom: number): number {
  if (zoom < 3) return 2_000_000;
  if (zoom < 4) return 1_000_000;
  if (zoom < 5) return 500_000;
  if (zoom < 6) return 150_000;
  if (zoom < 7) return 50_000;
  if (zoom < 8) return 15_000;
  if (zoom < 9) return 5_000;
  return 0;
}

/** A size class for the style: 3 for the largest cities down to 0 for villages. */
function sizeClass(population: number): number {
  if (population >= 1_000_000) return 3;
  if (population >= 100_000) return 2;
  if (population >= 10_000) return 1;
  return 0;
}

/** The bounds widened by half their size on each side, so small pans need no new data. */
function widened(b: Bounds): Bounds {
  const dx = (b.east - b.west) / 2;
  const dy = (b.north - b.south) / 2;
  const span = b.east - b.west + 2 * dx;
  if (span >= 360) return { west: -180, south: Math.max(-90, b.south - dy), east: 180, north: Math.min(90, b.north + dy) };
  return { west: b.west - dx, south: Math.max(-90, b.south - dy), east: b.east + dx, north: Math.min(90, b.north + dy) };
}

export function cityFeatures(index: Pick<PlaceIndex, 'localitiesWithin'>, view: Bounds, zoom: number): GeoJSON.FeatureCollection {
  const places: Place[] = index.localitiesWithin(widened(view), { minPopulation: cityMinPopulation(zoom), limit: CITY_LIMIT });
  return {
    type: 'FeatureCollection',
    features: places.map((p) => ({
      type: 'Feature',
      properties: { name: p.name, population: p.population, size: sizeClass(p.population) },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  };
}

export function citySource(attribution: string): SourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution };
}

export function cityLayers(palette: Palette): LayerSpecification[] {
  const bySize = (values: [number, number, number, number]) =>
    ['match', ['get', 'size'], 3, values[3], 2, values[2], 1, values[1], values[0]] as unknown as number;
  return [
    {
      id: CITY_LAYERS.dots,
      type: 'circle',
      source: CITY_SOURCE,
      paint: {
        'circle-radius': bySize([1.8, 2.2, 2.8, 3.6]),
        'circle-color': palette.city,
        'circle-stroke-color': palette.cityHalo,
        'circle-stroke-width': 1,
      },
    },
    {
      id: CITY_LAYERS.labels,
      type: 'symbol',
      source: CITY_SOURCE,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [FONT.regular],
        'text-size': bySize([11, 11.5, 12.5, 14]),
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 0.45,
        'text-max-width': 8,
        // Bigger places win the space when names collide.
        'symbol-sort-key': ['-', 0, ['get', 'population']],
      },
      paint: { 'text-color': palette.cityText, 'text-halo-color': palette.cityHalo, 'text-halo-width': 1.2 },
    },
  ];
}
