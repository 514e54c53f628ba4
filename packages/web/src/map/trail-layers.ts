/**
 * A day of a trail on the map (the Trail screen), as style layers with fixed ids so `queryRenderedFeatures`
 * can check them: `trail-cells` (the cells of an area day, filled, with `trail-cells-edge`), `trail-line`
 * (the route of an exact day), `trail-points` (its first and last fix), `trail-stays` (the day's stays: circles
 * at exact, cells at an area level) and `trail-marker` / `trail-marker-cell` (where a replay is: a point at
 * exact, the cell shown then at an area level — never finer than the day holds). "Our day" draws one's own
 * trail beside a partner's as a second set, the same ids with `trail-ours-` for `trail-`, in its own colour.
 * A week or a month is `trail-density`, a heatmap of weighted squares. Drawn above the basemap and below
 * everything else; empty unless the Trail screen shows something. The sources keep every vertex they are
 * given (`tolerance: 0`): a route is drawn through each fix, unless the day has so many that it was
 * simplified first to what a screen can show (`simplify.ts`).
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { TrailDrawing } from './trail-features.ts';
import type { Bounds, ReplayAt } from './trail-timeline.ts';

/** Which set: the day shown (a partner's or one's own), or one's own beside a partner's in "our day". */
export type TrailSet = 'main' | 'ours';

const prefix = (set: TrailSet) => (set === 'main' ? 'trail' : 'trail-ours');
const ids = (set: TrailSet) => {
  const p = prefix(set);
  return {
    cells: `${p}-cells`,
    cellsEdge: `${p}-cells-edge`,
    line: `${p}-line`,
    points: `${p}-points`,
    stays: `${p}-stays`,
    staysEdge: `${p}-stays-edge`,
    marker: `${p}-marker`,
    markerCell: `${p}-marker-cell`,
  } as const;
};

export const TRAIL_LAYERS = ids('main');

const COLOURS: Record<TrailSet, { trail: string; stay: string; marker: string }> = {
  main: { trail: '#1f7a8c', stay: '#6a4c93', marker: '#d9822b' },
  ours: { trail: '#c2185b', stay: '#ad1457', marker: '#f9a825' },
};
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function addSet(map: MapLibreMap, set: TrailSet): void {
  const id = ids(set);
  const { trail, stay, marker } = COLOURS[set];
  // Each layer has its own source of the same id, but the edges, which share their fill's.
  for (const s of [id.cells, id.line, id.points, id.stays, id.marker]) map.addSource(s, { type: 'geojson', data: EMPTY, tolerance: 0 });
  map.addLayer({ id: id.cells, type: 'fill', source: id.cells, paint: { 'fill-color': trail, 'fill-opacity': 0.2 } });
  map.addLayer({
    id: id.cellsEdge,
    type: 'line',
    source: id.cells,
    paint: { 'line-color': trail, 'line-width': 1.5, 'line-opacity': 0.8 },
  });
  map.addLayer({ id: id.stays, type: 'fill', source: id.stays, paint: { 'fill-color': stay, 'fill-opacity': 0.25 } });
  map.addLayer({ id: id.staysEdge, type: 'line', source: id.stays, paint: { 'line-color': stay, 'line-width': 2, 'line-opacity': 0.9 } });
  map.addLayer({
    id: id.line,
    type: 'line',
    source: id.line,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': trail, 'line-width': 4, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: id.points,
    type: 'circle',
    source: id.points,
    paint: {
      'circle-radius': 6,
      'circle-color': ['case', ['==', ['get', 'end'], 'start'], '#ffffff', trail],
      'circle-stroke-color': trail,
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: id.markerCell,
    type: 'fill',
    source: id.marker,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': marker, 'fill-opacity': 0.35 },
  });
  map.addLayer({
    id: id.marker,
    type: 'circle',
    source: id.marker,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 8, 'circle-color': marker, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
  });
}

/** A week's or a month's heat: one weighted point per square (hours spent), never a point per fix. */
export const DENSITY_LAYER = 'trail-density';

export function addTrailLayers(map: MapLibreMap): void {
  if (map.getSource(TRAIL_LAYERS.line)) return;
  map.addSource(DENSITY_LAYER, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: DENSITY_LAYER,
    type: 'heatmap',
    source: DENSITY_LAYER,
    paint: {
      // An hour in a square is full weight; the radius grows with the zoom so a square stays a square's size.
      'heatmap-weight': ['min', 1, ['get', 'hours']],
      'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 10, 6, 16, 200],
      'heatmap-intensity': 1,
      'heatmap-opacity': 0.75,
    },
  });
  addSet(map, 'ours');
  addSet(map, 'main');
}

/** What each trail source was last given: the same again is not handed over (each setData is worker work and a frame). */
const lastSet = new WeakMap<GeoJSONSource, GeoJSON.GeoJSON>();

function setSource(map: MapLibreMap, id: string, data: GeoJSON.GeoJSON): void {
  const source = map.getSource(id) as GeoJSONSource;
  if (lastSet.get(source) === data) return;
  lastSet.set(source, data);
  source.setData(data);
}

/** Moves a replay's marker (a point at exact, the cell at an area level); none hides it. */
export function setTrailMarker(map: MapLibreMap, at: ReplayAt | undefined, set: TrailSet = 'main'): void {
  const id = ids(set).marker;
  if (!map.getSource(id)) return;
  if (!at) {
    setSource(map, id, EMPTY);
    return;
  }
  const [w, s, e, n] = at.level === 'exact' ? [0, 0, 0, 0] : at.bounds;
  const geometry: GeoJSON.Geometry =
    at.level === 'exact'
      ? { type: 'Point', coordinates: [at.lon, at.lat] }
      : {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        };
  setSource(map, id, { type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: { level: at.level } }] });
}

function setSet(map: MapLibreMap, set: TrailSet, drawing: TrailDrawing | undefined): void {
  const id = ids(set);
  setSource(map, id.cells, drawing?.cells ?? EMPTY);
  setSource(map, id.line, drawing?.line ?? EMPTY);
  setSource(map, id.points, drawing?.points ?? EMPTY);
  setSource(map, id.stays, drawing?.stays ?? EMPTY);
  // A drawing with nothing to replay (none, or a span as heat) has no marker; a day's replay sets its own.
  if (!drawing?.track) setTrailMarker(map, undefined, set);
}

/** Draws the day shown, and in "our day" one's own beside it (`drawing.ours`). */
export function setTrailData(map: MapLibreMap, drawing: TrailDrawing | undefined): void {
  if (!map.getSource(TRAIL_LAYERS.line)) return;
  setSet(map, 'main', drawing);
  setSet(map, 'ours', drawing?.ours);
  setSource(map, DENSITY_LAYER, drawing?.density ?? EMPTY);
}

/** How far a trail's fit zooms in: a route's shape is the point, even past where the outline map has detail. */
const TRAIL_MAX_ZOOM = 16;

/**
 * Brings a box into view above the Trail screen's panel (at most 40% of the map's height): the whole day when
 * it is shown (`duration` 0), a timeline row when it is tapped (flown to).
 */
export function fitTrailBounds(map: MapLibreMap, [west, south, east, north]: Bounds, duration: number): void {
  const height = map.getContainer().clientHeight;
  const bottom = height > 300 ? Math.round(height * 0.4) + 20 : 20;
  map.fitBounds(
    [
      [west, south],
      [east, north],
    ],
    { padding: { top: 50, right: 60, bottom, left: 30 }, maxZoom: TRAIL_MAX_ZOOM, duration },
  );
}
