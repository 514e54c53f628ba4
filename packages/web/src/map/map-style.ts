/**
 * The MapLibre style for a map pick (`map-pick.ts`): the relay's street map, the built-in outline map,
 * OpenStreetMap's raster tiles, or a style URL. Loaded with the map, never by the screens around it.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Theme } from '../app/theme.ts';
import type { MapPick } from './map-pick.ts';
import { loadWorld, offlineStyle, PALETTES } from './offline-style.ts';

export const OSM_RASTER: StyleSpecification = {
  version: 8,
  name: 'OpenStreetMap',
  sources: {
    osm: {
      type: 'raster',
      tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
      tileSize: 256,
      maxzoom: 19,
      attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    },
  },
  layers: [{ id: 'osm', type: 'raster', source: 'osm' }],
};

/** The style for a pick; undefined while waiting (the map keeps what it has). */
export async function resolveStyle(pick: MapPick, theme: Theme): Promise<StyleSpecification | string | undefined> {
  switch (pick.kind) {
    case 'wait':
      return undefined;
    case 'relay': {
      // Its own chunk (Protomaps' layers, the PMTiles reader): the outline map does not pay for it.
      const { basemapStyle } = await import('./basemap-style.ts');
      return basemapStyle(pick.basemap, theme);
    }
    case 'osm':
      return OSM_RASTER;
    case 'url':
      return pick.url;
    case 'offline':
      return offlineStyle(await loadWorld(), PALETTES[theme]);
  }
}
