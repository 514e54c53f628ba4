/**
 * Which map to draw. In order:
 * 1. the person's own choice in this browser (`settings.mapStyle`): 'relay' (the relay's street map),
 *    'offline' (the built-in outline map), 'osm' (OpenStreetMap's raster tiles), or the URL of any MapLibre style;
 * 2. the relay's street map, when it serves one (`GET /v1/basemap`): it is the person's own relay, so it is
 *    used without asking;
 * 3. the build's `VITE_ENTWINE_MAP_STYLE`, an operator's choice for everyone using that build;
 * 4. otherwise the outline map — and, once the relay has said it has no map, the person is asked once to
 *    choose between it and OpenStreetMap. Nothing from a third party loads before that choice.
 * While the relay's answer is on its way nothing is drawn yet, so a relay map never starts as something else.
 */
import type { RelayBasemap } from './relay-basemap.ts';

/** What a map choice comes to. `ask`: show the first-run choice over the outline map. */
export type MapPick =
  | { kind: 'wait' }
  | { kind: 'relay'; basemap: Extract<RelayBasemap, { kind: 'available' }> }
  | { kind: 'offline'; ask: boolean }
  | { kind: 'osm' }
  | { kind: 'url'; url: string };

export const BUILD_DEFAULT_STYLE = (import.meta.env.VITE_ENTWINE_MAP_STYLE as string | undefined) ?? '';

function fromValue(value: string): MapPick {
  if (value === 'offline') return { kind: 'offline', ask: false };
  if (value === 'osm') return { kind: 'osm' };
  return { kind: 'url', url: value };
}

export function chooseMap(setting: string, basemap: RelayBasemap, buildDefault: string = BUILD_DEFAULT_STYLE): MapPick {
  if (setting === 'relay' || setting === '') {
    if (basemap.kind === 'available') return { kind: 'relay', basemap };
    if (basemap.kind === 'loading') return { kind: 'wait' };
    if (setting === 'relay') return { kind: 'offline', ask: false }; // the relay dropped its map: the offline one
    if (buildDefault && buildDefault !== 'relay') return fromValue(buildDefault);
    return { kind: 'offline', ask: basemap.kind === 'none' };
  }
  return fromValue(setting);
}

/**
 * How far "fit all" zooms in. The outline map has country shapes and city dots: past this it is a plain
 * colour, and seeing the partner within their country says more. Street maps go down to street level.
 */
export function maxFitZoom(pick: MapPick): number {
  return pick.kind === 'offline' || pick.kind === 'wait' ? 8 : 15;
}

/** Changes exactly when the style to draw changes (a new relay map version, another URL, another kind). */
export function pickKey(pick: MapPick): string {
  switch (pick.kind) {
    case 'relay':
      return `relay:${pick.basemap.origin}:${pick.basemap.info.version}`;
    case 'url':
      return `url:${pick.url}`;
    default:
      return pick.kind;
  }
}
