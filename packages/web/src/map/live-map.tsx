/**
 * The live map (MapLibre GL). Partners are drawn as style layers — an accuracy circle and a dot per partner —
 * so what is on screen can be checked with `map.queryRenderedFeatures`; an HTML marker above each dot
 * carries the avatar initial, the name and the age of the fix. This person's own position is a second dot.
 * The map instance is exposed as `window.__entwine.map` for whole-system tests; it holds no keys.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { type GeoJSONSource, LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { Fix } from '../adapters/geolocation.ts';
import type { PartnerPosition } from '../app/session.ts';
import type { Theme } from '../app/theme.ts';
import { formatAccuracy, formatAge, initialOf } from '../ui/format.ts';
import { maxFitZoom, resolveStyle } from './map-style.ts';
import { accuracyCircles, mePoint, partnerPoints } from './partner-features.ts';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    __entwine?: { map: MapLibreMap };
  }
}

export type Follow = { kind: 'none' } | { kind: 'me' } | { kind: 'partner'; bondId: string };

export interface LiveMapProps {
  partners: PartnerPosition[];
  forged: Set<string>;
  me: Fix | undefined;
  theme: Theme;
  styleSetting: string;
  follow: Follow;
  /** Changing this number fits every position into view once. */
  fitToken: number;
  onUserMove: () => void;
  now: number;
}

export const LAYERS = { partners: 'partner-dots', partnerAccuracy: 'partner-accuracy', me: 'me-dot', meAccuracy: 'me-accuracy' } as const;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function addOverlay(map: MapLibreMap): void {
  if (map.getSource('partners')) return;
  for (const id of ['partners', 'partner-accuracy', 'me', 'me-accuracy']) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: LAYERS.partnerAccuracy,
    type: 'fill',
    source: 'partner-accuracy',
    paint: { 'fill-color': '#d9822b', 'fill-opacity': 0.18 },
  });
  map.addLayer({
    id: 'partner-accuracy-edge',
    type: 'line',
    source: 'partner-accuracy',
    paint: { 'line-color': '#d9822b', 'line-width': 1.5 },
  });
  map.addLayer({ id: LAYERS.meAccuracy, type: 'fill', source: 'me-accuracy', paint: { 'fill-color': '#2a7de1', 'fill-opacity': 0.15 } });
  map.addLayer({
    id: LAYERS.partners,
    type: 'circle',
    source: 'partners',
    paint: {
      'circle-radius': 7,
      'circle-color': ['case', ['get', 'forged'], '#c62828', '#d9822b'],
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
  (map.getSource('partner-accuracy') as GeoJSONSource).setData(
    accuracyCircles(props.partners.map((p) => ({ lat: p.lat, lon: p.lon, acc: p.acc, id: p.bondId }))),
  );
  (map.getSource('me') as GeoJSONSource).setData(mePoint(props.me));
  (map.getSource('me-accuracy') as GeoJSONSource).setData(
    accuracyCircles(props.me ? [{ lat: props.me.lat, lon: props.me.lon, acc: props.me.acc, id: 'me' }] : []),
  );
}

function markerElement(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'partner-marker';
  el.innerHTML =
    '<div class="label"><span class="name"></span><span class="age"></span></div><div class="avatar" aria-hidden="true"></div>';
  return el;
}

function fitAll(map: MapLibreMap, props: LiveMapProps): void {
  const points = [
    ...props.partners.map((p) => [p.lon, p.lat] as [number, number]),
    ...(props.me ? [[props.me.lon, props.me.lat] as [number, number]] : []),
  ];
  const [first] = points;
  if (!first) return;
  const maxZoom = maxFitZoom(props.styleSetting);
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
        attributionControl: { compact: true },
        cooperativeGestures: false,
      });
    } catch (error) {
      setFailed(error);
      return;
    }
    mapRef.current = map;
    window.__entwine = { map };
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'top-left');
    map.on('style.load', () => {
      addOverlay(map);
      setData(map, latest.current);
    });
    map.on('dragstart', () => latest.current.onUserMove());
    return () => {
      for (const m of markers.current.values()) m.remove();
      markers.current.clear();
      map.remove();
      mapRef.current = undefined;
      if (window.__entwine?.map === map) window.__entwine = undefined;
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    void resolveStyle(props.styleSetting, props.theme).then((style) => {
      if (!cancelled) mapRef.current?.setStyle(style, { diff: false });
    });
    return () => {
      cancelled = true;
    };
  }, [props.styleSetting, props.theme]);

  // Data, markers and camera follow every change of positions.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    setData(map, props);
    const seen = new Set<string>();
    for (const p of props.partners) {
      seen.add(p.bondId);
      let marker = markers.current.get(p.bondId);
      if (!marker) {
        marker = new Marker({ element: markerElement(), anchor: 'bottom', offset: [0, -10] }).setLngLat([p.lon, p.lat]).addTo(map);
        markers.current.set(p.bondId, marker);
      }
      marker.setLngLat([p.lon, p.lat]);
      const el = marker.getElement();
      el.classList.toggle('forged', props.forged.has(p.bondId));
      el.dataset.bondId = p.bondId;
      el.setAttribute('aria-label', `${p.name}, ${formatAge(p.ts, props.now)}, ${formatAccuracy(p.acc)}`);
      (el.querySelector('.name') as HTMLElement).textContent = p.name;
      (el.querySelector('.age') as HTMLElement).textContent = formatAge(p.ts, props.now);
      (el.querySelector('.avatar') as HTMLElement).textContent = initialOf(p.name);
    }
    for (const [id, m] of markers.current) {
      if (!seen.has(id)) {
        m.remove();
        markers.current.delete(id);
      }
    }
    const f = props.follow;
    if (f.kind === 'me' && props.me) map.easeTo({ center: [props.me.lon, props.me.lat], duration: 400 });
    if (f.kind === 'partner') {
      const p = props.partners.find((x) => x.bondId === f.bondId);
      if (p) map.easeTo({ center: [p.lon, p.lat], duration: 400 });
    }
    // The first time anything is known, bring it into view.
    if (!fittedOnce.current && (props.partners.length > 0 || props.me) && f.kind === 'none') {
      fittedOnce.current = true;
      fitAll(map, props);
    }
  }, [props]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && props.fitToken > 0) fitAll(map, latest.current);
  }, [props.fitToken]);

  if (failed !== undefined) {
    return (
      <div className="map-failed" role="status">
        <p>The map cannot be drawn in this browser (WebGL is unavailable). Positions are listed instead.</p>
      </div>
    );
  }
  return <section ref={container} className="map" aria-label="Live map" />;
}
