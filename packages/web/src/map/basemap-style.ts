/**
 * The street map a relay serves (`GET /v1/basemap`), as a MapLibre style: Protomaps' layers in the app's
 * light or dark theme over the relay's vector tiles — a PMTiles archive read by HTTP range requests through
 * the `pmtiles` package's protocol, or z/x/y tiles from an MBTiles file. Every URL in the style is on the relay
 * or the app itself: tiles from the relay's origin, label fonts from the app's assets (`map-fonts.ts`), icons
 * drawn in the page (`map-icons.ts`); there is no `glyphs` and no `sprite` URL, so drawing the map asks no
 * other host.
 */
import { layers, namedFlavor } from '@protomaps/basemaps';
import { addProtocol, type StyleSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { Theme } from '../app/theme.ts';
import { fontFaces } from './map-fonts.ts';
import type { RelayBasemap } from './relay-basemap.ts';

/** The source name the Protomaps layers are built for. */
export const BASEMAP_SOURCE = 'protomaps';

/** OpenStreetMap's licence asks for its credit wherever its data is shown; Protomaps builds are OSM data. */
const OSM_CREDIT = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

export function basemapAttribution(fromRelay: string): string {
  const own = fromRelay.trim();
  if (/openstreetmap/i.test(own)) return own;
  return own ? `${own} · ${OSM_CREDIT}` : OSM_CREDIT;
}

let pmtilesRegistered = false;

/** MapLibre's protocols are global: the `pmtiles://` one is added once, when the first archive is drawn. */
function registerPmtiles(): void {
  if (pmtilesRegistered) return;
  pmtilesRegistered = true;
  addProtocol('pmtiles', new Protocol().tile);
}

export function basemapStyle(basemap: Extract<RelayBasemap, { kind: 'available' }>, theme: Theme): StyleSpecification {
  const { info, origin } = basemap;
  const absolute = (path: string) => origin + path;
  let tiles: string[];
  if (info.format === 'pmtiles' && info.url) {
    registerPmtiles();
    tiles = [`pmtiles://${absolute(info.url)}/{z}/{x}/{y}`];
  } else {
    tiles = (info.tiles ?? []).map(absolute);
  }
  return {
    version: 8,
    name: info.name || 'Street map',
    'font-faces': fontFaces(),
    sources: {
      [BASEMAP_SOURCE]: {
        type: 'vector',
        tiles,
        minzoom: info.minzoom,
        maxzoom: info.maxzoom,
        bounds: info.bounds,
        attribution: basemapAttribution(info.attribution),
      },
    },
    layers: layers(BASEMAP_SOURCE, namedFlavor(theme), { lang: 'en' }),
  };
}
