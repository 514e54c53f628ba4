/**
 * The live map (MapLibre GL). Partners are drawn as style layers, so what is on screen can be checked with
 * `map.queryRenderedFeatures`: at `exact`, an accuracy circle and a dot, with an HTML marker above it
 * (avatar initial, name, age of the fix); at an area level, only a translucent circle of the area's radius
 * with a name label on its northern edge — no dot, no pin; frozen values are drawn grey with their true age
 * and the word "frozen"; hidden draws nothing. This person's own position is a second dot. Photos partners
 * shared are drawn under them (`moment-layers.ts`): an area circle, or a thumbnail where pinned exactly.
 * On the Trail screen, one day of a trail is drawn under everything (`trail-layers.ts`) and brought into view.
 * The map instance is exposed as `window.__entwine.map` for whole-system tests; it holds no keys.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import {
  AttributionControl,
  type GeoJSONSource,
  LngLatBounds,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { Fix } from '../adapters/geolocation.ts';
import type { Theme } from '../app/theme.ts';
import { formatAccuracy, formatAge, formatDistance } from '../ui/format.ts';
import { shortPlaceNow } from '../ui/place-names.ts';
import { positionTime } from '../ui/position-time.ts';
import { initialOf } from '../ui/user-text.ts';
import { followCities } from './follow-cities.ts';
import { drawIcon, ICON_RATIO } from './map-icons.ts';
import { type MapPick, maxFitZoom, pickKey } from './map-pick.ts';
import { resolveStyle } from './map-style.ts';
import type { MomentOnMap } from './moment-features.ts';
import { addMomentLayers, setMomentData, syncMomentMarkers } from './moment-layers.ts';
import {
  accuracyCircles,
  drawnLocation,
  extentOf,
  mePoint,
  northOf,
  type PartnerOnMap,
  partnerAccuracy,
  partnerAreas,
  partnerPoints,
} from './partner-features.ts';
import type { TrailDrawing } from './trail-features.ts';
import { addTrailLayers, fitTrailBounds, setTrailData } from './trail-layers.ts';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    __entwine?: { map: MapLibreMap };
  }
}

export type Follow = { kind: 'none' } | { kind: 'me' } | { kind: 'partner'; bondId: string };

export interface LiveMapProps {
  partners: PartnerOnMap[];
  forged: Set<string>;
  me: Fix | undefined;
  theme: Theme;
  /** Which map to draw (`map-pick.ts`). */
  pick: MapPick;
  follow: Follow;
  /** Changing this number fits every position into view once. */
  fitToken: number;
  onUserMove: () => void;
  now: number;
  /** Received photos with a place. */
  moments: MomentOnMap[];
  onOpenMoment: (bondId: string) => void;
  /** The day of a trail the Trail screen shows; none elsewhere. */
  trail?: TrailDrawing | undefined;
  /** Told the map once it exists (and undefined when it goes): the Trail screen moves its replay marker and
   * flies to a timeline row on it directly, without re-rendering the map screen every animation frame. */
  onMap?: ((map: MapLibreMap | undefined) => void) | undefined;
}

export const LAYERS = {
  partners: 'partner-dots',
  partnerAccuracy: 'partner-accuracy',
  partnerAreas: 'partner-areas',
  me: 'me-dot',
  meAccuracy: 'me-accuracy',
} as const;

const WARM = '#d9822b';
const FROZEN = '#8a9099';
const byFrozen = (live: string) => ['case', ['get', 'frozen'], FROZEN, live] as ['case', ['get', string], string, string];

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function addOverlay(map: MapLibreMap): void {
  addTrailLayers(map);
  addMomentLayers(map);
  if (map.getSource('partners')) return;
  for (const id of ['partners', 'partner-accuracy', 'partner-areas', 'me', 'me-accuracy'])
    map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: LAYERS.partnerAreas,
    type: 'fill',
    source: 'partner-areas',
    paint: { 'fill-color': byFrozen(WARM), 'fill-opacity': 0.22 },
  });
  map.addLayer({
    id: 'partner-areas-edge',
    type: 'line',
    source: 'partner-areas',
    paint: { 'line-color': byFrozen(WARM), 'line-width': 2, 'line-opacity': 0.8 },
  });
  map.addLayer({
    id: LAYERS.partnerAccuracy,
    type: 'fill',
    source: 'partner-accuracy',
    paint: { 'fill-color': byFrozen(WARM), 'fill-opacity': 0.18 },
  });
  map.addLayer({
    id: 'partner-accuracy-edge',
    type: 'line',
    source: 'partner-accuracy',
    paint: { 'line-color': byFrozen(WARM), 'line-width': 1.5 },
  });
  map.addLayer({ id: LAYERS.meAccuracy, type: 'fill', source: 'me-accuracy', paint: { 'fill-color': '#2a7de1', 'fill-opacity': 0.15 } });
  map.addLayer({
    id: LAYERS.partners,
    type: 'circle',
    source: 'partners',
    paint: {
      'circle-radius': 7,
      'circle-color': ['case', ['get', 'forged'], '#c62828', ['get', 'frozen'], FROZEN, WARM],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: LAYERS.me,
    type: 'circle',
    source: 'me',
    paint: { 'circle-radius': 7, 'circle-color': '#2a7de1', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
}

function setData(map: MapLibreMap, props: LiveMapProps): void {
  if (!map.getSource('partners')) return;
  (map.getSource('partners') as GeoJSONSource).setData(partnerPoints(props.partners, props.forged));
  (map.getSource('partner-accuracy') as GeoJSONSource).setData(partnerAccuracy(props.partners));
  (map.getSource('partner-areas') as GeoJSONSource).setData(partnerAreas(props.partners));
  (map.getSource('me') as GeoJSONSource).setData(mePoint(props.me));
  (map.getSource('me-accuracy') as GeoJSONSource).setData(
    accuracyCircles(props.me ? [{ lat: props.me.lat, lon: props.me.lon, acc: props.me.acc, id: 'me' }] : []),
  );
  setMomentData(map, props.moments);
  setTrailData(map, props.trail);
}

/** Brings a day of a trail into view, above the Trail screen's panel. */
function fitTrail(map: MapLibreMap, trail: TrailDrawing): void {
  if (trail.bounds) fitTrailBounds(map, trail.bounds, 0);
}

/** The age line of a marker: "12 s ago"; "city area · just now"; "frozen · 3 min ago". */
function markerAge(p: PartnerOnMap, now: number): string {
  const loc = drawnLocation(p.view);
  if (!loc) return '';
  const age = formatAge(positionTime(loc), now);
  // The name is looked up here from the drawn position at its level (nothing else is known of it).
  const place = shortPlaceNow(loc.lat, loc.lon, loc.level);
  const at = place ? `${place} · ` : '';
  if (p.view.locationState === 'frozen') return `frozen · ${at}${age}`;
  return loc.level === 'exact' ? `${at}${age}` : `${at}${loc.level} area · ${age}`;
}

function markerElement(kind: 'pin' | 'area'): HTMLElement {
  const el = document.createElement('div');
  el.className = `partner-marker ${kind}`;
  // An area gets only a label on its edge: an avatar at its centre would read as a pin.
  el.innerHTML =
    kind === 'pin'
      ? '<div class="label"><bdi class="name"></bdi><span class="age"></span></div><div class="avatar" aria-hidden="true"></div>'
      : '<div class="label"><bdi class="name"></bdi><span class="age"></span></div>';
  return el;
}

function fitAll(map: MapLibreMap, props: LiveMapProps): void {
  const located = props.partners.map((p) => drawnLocation(p.view)).filter((l) => l !== undefined);
  const points = [...located.flatMap(extentOf), ...(props.me ? [[props.me.lon, props.me.lat] as [number, number]] : [])];
  const [first] = points;
  if (!first) return;
  const maxZoom = maxFitZoom(props.pick);
  if (points.length === 1) {
    map.easeTo({ center: first, zoom: maxZoom, duration: 600 });
    return;
  }
  const bounds = points.reduce((b, p) => b.extend(p), new LngLatBounds(first, first));
  map.fitBounds(bounds, { padding: 80, maxZoom, duration: 600 });
}

export default function LiveMap(props: LiveMapProps) {
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | undefined>(undefined);
  const markers = useRef(new Map<string, Marker>());
  const momentMarkers = useRef(new Map<string, Marker>());
  const latest = useRef(props);
  latest.current = props;
  const fittedOnce = useRef(false);
  const [failed, setFailed] = useState<unknown>(undefined);

  // Create the map once; the style follows the theme and the setting.
  useEffect(() => {
    if (!container.current) return;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container: container.current,
        style: { version: 8, sources: {}, layers: [] },
        center: [8, 30],
        zoom: 1.2,
        // Added below the zoom buttons instead: in its usual corner the map's panel would cover it, and the
        // street map's data (OpenStreetMap) and the place names (GeoNames) must be credited where they show.
        attributionControl: false,
        cooperativeGestures: false,
      });
    } catch (error) {
      setFailed(error);
      return;
    }
    mapRef.current = map;
    window.__entwine = { map };
    latest.current.onMap?.(map);
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new AttributionControl({ compact: true }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'top-left');
    map.on('style.load', () => {
      addOverlay(map);
      setData(map, latest.current);
    });
    map.on('dragstart', () => latest.current.onUserMove());
    const stopCities = followCities(map);
    // The street map's icons are drawn here when first needed (no sprite sheet is fetched from anywhere).
    map.on('styleimagemissing', (e: { id: string }) => {
      if (map.hasImage(e.id)) return;
      const icon = drawIcon(e.id);
      if (icon) map.addImage(e.id, icon, { pixelRatio: ICON_RATIO });
    });
    return () => {
      stopCities();
      for (const m of [...markers.current.values(), ...momentMarkers.current.values()]) m.remove();
      markers.current.clear();
      momentMarkers.current.clear();
      map.remove();
      mapRef.current = undefined;
      latest.current.onMap?.(undefined);
      if (window.__entwine?.map === map) window.__entwine = undefined;
    };
  }, []);

  const styleKey = pickKey(props.pick);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pick is a new object on every render; its key says when it changed
  useEffect(() => {
    let cancelled = false;
    void resolveStyle(latest.current.pick, props.theme).then((style) => {
      if (!cancelled && style !== undefined) mapRef.current?.setStyle(style, { diff: false });
    });
    return () => {
      cancelled = true;
    };
  }, [styleKey, props.theme]);

  // What is drawn changes far less often than the app re-renders (every publish tick moves an age or a
  // `ts`): the sources are rebuilt, and the camera follows, only when a drawn value changed.
  const drawn = JSON.stringify([
    props.partners.map((p) => {
      const loc = drawnLocation(p.view);
      return [p.bondId, p.view.locationState, loc && [loc.level, loc.lat, loc.lon, loc.level === 'exact' ? loc.acc : loc.radius]];
    }),
    [...props.forged],
    props.me ? [props.me.lat, props.me.lon, props.me.acc] : null,
    props.follow,
  ]);
  const lastDrawn = useRef('');

  // Data, markers and camera follow every change of positions; the markers' ages follow every render.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const changed = drawn !== lastDrawn.current;
    lastDrawn.current = drawn;
    if (changed) setData(map, props);
    const seen = new Set<string>();
    for (const p of props.partners) {
      const loc = drawnLocation(p.view);
      if (!loc) continue;
      const kind = loc.level === 'exact' ? 'pin' : 'area';
      const key = `${p.bondId}:${kind}`;
      seen.add(key);
      const at: [number, number] =
        kind === 'pin' ? [loc.lon, loc.lat] : [loc.lon, northOf(loc.lat, loc.level === 'exact' ? 0 : loc.radius)];
      let marker = markers.current.get(key);
      if (!marker) {
        marker = new Marker({ element: markerElement(kind), anchor: 'bottom', offset: kind === 'pin' ? [0, -10] : [0, 0] })
          .setLngLat(at)
          .addTo(map);
        markers.current.set(key, marker);
      }
      marker.setLngLat(at);
      const el = marker.getElement();
      const frozen = p.view.locationState === 'frozen';
      el.classList.toggle('forged', props.forged.has(p.bondId));
      el.classList.toggle('frozen', frozen);
      el.dataset.bondId = p.bondId;
      el.dataset.level = loc.level;
      el.dataset.state = p.view.locationState;
      const detail = loc.level === 'exact' ? formatAccuracy(loc.acc) : `within ${formatDistance(loc.radius)}`;
      el.setAttribute('aria-label', `${p.name}, ${markerAge(p, props.now)}, ${detail}`);
      const nameEl = el.querySelector('.name') as HTMLElement;
      nameEl.textContent = p.name;
      nameEl.title = p.name; // the label is cut short with an ellipsis; the whole name shows on hover
      (el.querySelector('.age') as HTMLElement).textContent = markerAge(p, props.now);
      const avatar = el.querySelector('.avatar');
      if (avatar) avatar.textContent = initialOf(p.name);
    }
    for (const [id, m] of markers.current) {
      if (!seen.has(id)) {
        m.remove();
        markers.current.delete(id);
      }
    }
    // The first time anything is known, bring it into view — once the map to draw is known, so the fit
    // zooms as far as that map goes.
    const f = props.follow;
    if (
      !fittedOnce.current &&
      props.pick.kind !== 'wait' &&
      (props.partners.some((p) => drawnLocation(p.view)) || props.me) &&
      f.kind === 'none'
    ) {
      fittedOnce.current = true;
      fitAll(map, props);
      return;
    }
    if (!changed) return;
    if (f.kind === 'me' && props.me) map.easeTo({ center: [props.me.lon, props.me.lat], duration: 400 });
    if (f.kind === 'partner') {
      const p = props.partners.find((x) => x.bondId === f.bondId);
      const loc = p && drawnLocation(p.view);
      if (loc) map.easeTo({ center: [loc.lon, loc.lat], duration: 400 });
    }
  }, [props, drawn]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && props.fitToken > 0) fitAll(map, latest.current);
  }, [props.fitToken]);

  // Photos change only when one arrives or leaves the history: redrawn then, not on every render.
  const momentKeys = props.moments.map((m) => m.key).join(' ');
  const lastMomentKeys = useRef<string | undefined>(undefined);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || momentKeys === lastMomentKeys.current) return;
    lastMomentKeys.current = momentKeys;
    setMomentData(map, latest.current.moments);
    syncMomentMarkers(map, momentMarkers.current, latest.current.moments, (bondId) => latest.current.onOpenMoment(bondId));
  }, [momentKeys]);

  // A day of a trail is drawn, and brought into view, when another day (or a newer version of it) is shown.
  const trailKey = props.trail?.key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the drawing is a new object per read; its key says when it changed
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const trail = latest.current.trail;
    setTrailData(map, trail);
    if (trail) fitTrail(map, trail);
  }, [trailKey]);

  if (failed !== undefined) {
    return (
      <div className="map-failed" role="status">
        <p>The map cannot be drawn in this browser (WebGL is unavailable). Positions are listed instead.</p>
      </div>
    );
  }
  return <section ref={container} className="map" aria-label="Live map" />;
}
