/**
 * A day of a trail on the map (the Trail screen), as style layers with fixed ids so `queryRenderedFeatures`
 * can check them: `trail-cells` (the cells of an area day, filled, with `trail-cells-edge`), `trail-line`
 * (the route of an exact day) and `trail-points` (its first and last fix). Drawn above the basemap and
 * below everything else; empty unless the Trail screen shows a day. The sources keep every vertex
 * (`tolerance: 0`): a route is drawn through each fix, not a simplified one.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { TrailDrawing } from './trail-features.ts';

export const TRAIL_LAYERS = { cells: 'trail-cells', line: 'trail-line', points: 'trail-points' } as const;

const SOURCES = { cells: 'trail-cells', line: 'trail-line', points: 'trail-points' } as const;
const TRAIL = '#1f7a8c';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addTrailLayers(map: MapLibreMap): void {
  if (map.getSource(SOURCES.line)) return;
  for (const id of Object.values(SOURCES)) map.addSource(id, { type: 'geojson', data: EMPTY, tolerance: 0 });
  map.addLayer({ id: TRAIL_LAYERS.cells, type: 'fill', source: SOURCES.cells, paint: { 'fill-color': TRAIL, 'fill-opacity': 0.2 } });
  map.addLayer({
    id: 'trail-cells-edge',
    type: 'line',
    source: SOURCES.cells,
    paint: { 'line-color': TRAIL, 'line-width': 1.5, 'line-opacity': 0.8 },
  });
  map.addLayer({
    id: TRAIL_LAYERS.line,
    type: 'line',
    source: SOURCES.line,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': TRAIL, 'line-width': 4, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: TRAIL_LAYERS.points,
    type: 'circle',
    source: SOURCES.points,
    paint: {
      'circle-radius': 6,
      'circle-color': ['case', ['==', ['get', 'end'], 'start'], '#ffffff', TRAIL],
      'circle-stroke-color': TRAIL,
      'circle-stroke-width': 3,
    },
  });
}

export function setTrailData(map: MapLibreMap, drawing: TrailDrawing | undefined): void {
  if (!map.getSource(SOURCES.line)) return;
  (map.getSource(SOURCES.cells) as GeoJSONSource).setData(drawing?.cells ?? EMPTY);
  (map.getSource(SOURCES.line) as GeoJSONSource).setData(drawing?.line ?? EMPTY);
  (map.getSource(SOURCES.points) as GeoJSONSource).setData(drawing?.points ?? EMPTY);
}
