/**
 * The received photos on the live map, as style layers (so `queryRenderedFeatures` can check them):
 * `moment-areas` — a dashed circle of the area a photo was pinned to, with a "📷 NAME" label on its
 * northern edge; `moment-points` — a dot where a photo was pinned exactly, with its thumbnail above it.
 * They sit under the partners' own layers. Tapping a label or a thumbnail opens that partner's moments.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { Marker } from 'maplibre-gl';
import { formatTime } from '../ui/format.ts';
import { isolate } from '../ui/user-text.ts';
import { type MomentOnMap, momentAreas, momentPoints } from './moment-features.ts';
import { northOf } from './partner-features.ts';

export const MOMENT_LAYERS = { areas: 'moment-areas', points: 'moment-points' } as const;

const VIOLET = '#8e5bd0';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addMomentLayers(map: MapLibreMap): void {
  if (map.getSource('moment-areas')) return;
  map.addSource('moment-areas', { type: 'geojson', data: EMPTY });
  map.addSource('moment-points', { type: 'geojson', data: EMPTY });
  map.addLayer({ id: MOMENT_LAYERS.areas, type: 'fill', source: 'moment-areas', paint: { 'fill-color': VIOLET, 'fill-opacity': 0.12 } });
  map.addLayer({
    id: 'moment-areas-edge',
    type: 'line',
    source: 'moment-areas',
    paint: { 'line-color': VIOLET, 'line-width': 2, 'line-dasharray': [2, 2], 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: MOMENT_LAYERS.points,
    type: 'circle',
    source: 'moment-points',
    paint: { 'circle-radius': 5, 'circle-color': VIOLET, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
}

export function setMomentData(map: MapLibreMap, moments: MomentOnMap[]): void {
  if (!map.getSource('moment-areas')) return;
  (map.getSource('moment-areas') as GeoJSONSource).setData(momentAreas(moments));
  (map.getSource('moment-points') as GeoJSONSource).setData(momentPoints(moments));
}

function markerElement(m: MomentOnMap, onOpen: (bondId: string) => void): HTMLElement {
  const el = document.createElement('button');
  el.type = 'button';
  const when = formatTime(m.ts);
  const what = `Photo from ${isolate(m.name)}${m.caption ? `: ${isolate(m.caption)}` : ''}, ${when}`;
  el.setAttribute('aria-label', m.place.level === 'exact' ? what : `${what}, somewhere in this ${m.place.level} area`);
  el.dataset.momentId = m.id;
  el.dataset.level = m.place.level;
  if (m.place.level === 'exact') {
    el.className = 'moment-marker pin';
    const img = document.createElement('img');
    img.src = m.url;
    img.alt = '';
    el.append(img);
  } else {
    // An area gets a label on its edge only: a thumbnail at its centre would read as the place.
    el.className = 'moment-marker area';
    const name = document.createElement('bdi');
    name.textContent = m.name;
    el.append('📷 ', name);
  }
  el.addEventListener('click', () => onOpen(m.bondId));
  return el;
}

/** Adds a marker for each new photo and removes those no longer listed. */
export function syncMomentMarkers(
  map: MapLibreMap,
  markers: Map<string, Marker>,
  moments: MomentOnMap[],
  onOpen: (bondId: string) => void,
): void {
  const keep = new Set(moments.map((m) => m.key));
  for (const [key, marker] of markers) {
    if (keep.has(key)) continue;
    marker.remove();
    markers.delete(key);
  }
  for (const m of moments) {
    if (markers.has(m.key)) continue;
    const p = m.place;
    const at: [number, number] = p.level === 'exact' ? [p.lon, p.lat] : [p.lon, northOf(p.lat, p.radius)];
    // A thumbnail sits beside its point (up and to the right), so a partner's own pin at the same place stays visible.
    const marker = new Marker({
      element: markerElement(m, onOpen),
      anchor: p.level === 'exact' ? 'bottom-left' : 'bottom',
      offset: p.level === 'exact' ? [6, -6] : [0, 0],
    })
      .setLngLat(at)
      .addTo(map);
    markers.set(m.key, marker);
  }
}
