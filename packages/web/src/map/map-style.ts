/**
 * Which map style to draw. The person's setting wins, then the build's `VITE_ENTWINE_MAP_STYLE`, then the
 * bundled offline map. A value is 'offline', 'osm' (OpenStreetMap's raster tiles), or the URL of any
 * MapLibre style JSON (for example a self-hosted PMTiles basemap served as a style; see the README).
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Theme } from '../app/theme.ts';
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

export function configuredStyle(setting: string): string {
  return setting || (import.meta.env.VITE_ENTWINE_MAP_STYLE as string | undefined) || 'offline';
}

/**
 * How far "fit all" zooms in. The offline map has only country outlines: past this it is a plain colour,
 * and seeing the partner within their country says more. Tile styles have streets down to zoom 15.
 */
export function maxFitZoom(setting: string): number {
  return configuredStyle(setting) === 'offline' ? 8 : 15;
}

export async function resolveStyle(setting: string, theme: Theme): Promise<StyleSpecification | string> {
  const choice = configuredStyle(setting);
  if (choice === 'osm') return OSM_RASTER;
  if (choice === 'offline') return offlineStyle(await loadWorld(), PALETTES[theme]);
  return choice;
}
