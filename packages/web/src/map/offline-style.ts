/**
 * The outline map: country shapes and borders from Natural Earth's 1:110m data (the `world-atlas` package,
 * bundled with the app), a graticule, and city dots and names from the bundled place names (`city-dots.ts`).
 * It needs no tile server and no internet, so offline self-hosters and the tests still see a real map. Its
 * labels are drawn with the app's own fonts (`font-faces`), so it has no glyph server either.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Theme } from '../app/theme.ts';
import { PLACES_CREDIT_HTML } from '../ui/places-credit.tsx';
import { CITY_SOURCE, cityLayers, citySource } from './city-dots.ts';
import { fontFaces } from './map-fonts.ts';

export interface Palette {
  water: string;
  land: string;
  coast: string;
  border: string;
  graticule: string;
  city: string;
  cityText: string;
  cityHalo: string;
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    water: '#cfe3ea',
    land: '#f4f1e8',
    coast: '#8fb0ab',
    border: '#b3a88f',
    graticule: '#b9d3dc',
    city: '#6b6357',
    cityText: '#3f3a33',
    cityHalo: '#f4f1e8',
  },
  dark: {
    water: '#12202b',
    land: '#27313a',
    coast: '#4a6875',
    border: '#5d6873',
    graticule: '#1b2c38',
    city: '#a9b3bd',
    cityText: '#d5dbe0',
    cityHalo: '#27313a',
  },
};

export interface WorldData {
  land: GeoJSON.FeatureCollection | GeoJSON.Feature;
  borders: GeoJSON.MultiLineString;
}

/**
 * Natural Earth rings that touch the antimeridian jump from −180 to +179.x between neighbouring vertices,
 * which a renderer draws as a line (or a filled wedge) across the whole world. Unwrapping makes each step
 * shorter than 180° (longitudes may then pass ±180, which MapLibre wraps). A ring that goes once around a
 * pole (Antarctica) cannot be unwrapped and is already drawn right, so it is left as it is.
 */
export function unwrapRing(ring: GeoJSON.Position[], closed: boolean): GeoJSON.Position[] {
  let offset = 0;
  const out: GeoJSON.Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const [lon, lat] = ring[i] as [number, number];
    if (i > 0) {
      const d = lon - (ring[i - 1] as [number, number])[0];
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    out.push([lon + offset, lat]);
  }
  return closed && offset !== 0 ? ring : out;
}

function unwrapGeometry(g: GeoJSON.Geometry): GeoJSON.Geometry {
  switch (g.type) {
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => unwrapRing(r, true)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => unwrapRing(r, true))) };
    case 'MultiLineString':
      return { ...g, coordinates: g.coordinates.map((l) => unwrapRing(l, false)) };
    default:
      return g;
  }
}

function unwrapFeatures(f: GeoJSON.FeatureCollection | GeoJSON.Feature): GeoJSON.FeatureCollection | GeoJSON.Feature {
  if (f.type === 'Feature') return { ...f, geometry: unwrapGeometry(f.geometry) };
  return { ...f, features: f.features.map((x) => ({ ...x, geometry: unwrapGeometry(x.geometry) })) };
}

let world: Promise<WorldData> | undefined;

/** The countries dataset is its own chunk, fetched (then cached by the service worker) with the map. */
export function loadWorld(): Promise<WorldData> {
  world ??= import('world-atlas/countries-110m.json').then((mod) => {
    const topo = (mod.default ?? mod) as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
    return {
      land: unwrapFeatures(feature(topo, topo.objects.land)),
      borders: unwrapGeometry(mesh(topo, topo.objects.countries, (a, b) => a !== b)) as GeoJSON.MultiLineString,
    };
  });
  return world;
}

function graticule(step = 30): GeoJSON.MultiLineString {
  const lines: GeoJSON.Position[][] = [];
  for (let lon = -180; lon <= 180; lon += step) lines.push([-85, 0, 85].map((lat) => [lon, lat]));
  for (let lat = -60; lat <= 60; lat += step) {
    const line: GeoJSON.Position[] = [];
    for (let lon = -180; lon <= 180; lon += 10) line.push([lon, lat]);
    lines.push(line);
  }
  return { type: 'MultiLineString', coordinates: lines };
}

export function offlineStyle(data: WorldData, palette: Palette): StyleSpecification {
  return {
    version: 8,
    name: 'Entwine offline',
    'font-faces': fontFaces(),
    sources: {
      land: { type: 'geojson', data: data.land, attribution: 'Natural Earth' },
      borders: { type: 'geojson', data: data.borders },
      graticule: { type: 'geojson', data: graticule() },
      [CITY_SOURCE]: citySource(PLACES_CREDIT_HTML),
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': palette.water } },
      { id: 'graticule', type: 'line', source: 'graticule', paint: { 'line-color': palette.graticule, 'line-width': 1 } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': palette.land } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': palette.coast, 'line-width': 1 } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': palette.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.6] },
      },
      ...cityLayers(palette),
    ],
  };
}
