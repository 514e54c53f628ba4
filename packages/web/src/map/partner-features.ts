/**
 * What the map draws, as GeoJSON. A partner at `exact` is a point with an accuracy circle (a true circle of
 * `acc` metres on the ground, as a 64-gon, so it scales with the zoom); a partner at an area level is only
 * that area — a circle of the cell's radius — and never a point; frozen values carry `frozen` (drawn grey);
 * hidden and unknown draw nothing. This person's own position is one more point.
 */
import type { PartnerView } from '@entwine/client';
import { destination, type LocatedMessage, METRES_PER_DEGREE } from '@entwine/core';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import { positionTime } from '../ui/position-time.ts';

/** This person's own fix, as far as the map needs it. */
export interface OwnFix {
  lat: number;
  lon: number;
  acc?: number;
}

/** A circle of `radiusM` ground metres, on the sphere the grid cuts its cells on (core `geo.ts`). */
export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): Polygon {
  const ring: Position[] = [];
  for (let i = 0; i <= steps; i++) {
    const p = destination({ lat, lon }, (360 * i) / steps, radiusM);
    ring.push([p.lon, p.lat]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/** What the map draws of one partner: the view the device folded from their verified plaintexts. */
export interface PartnerOnMap {
  bondId: string;
  name: string;
  view: PartnerView;
}

/** The position to draw, if any: the live one, or the last one while frozen (greyed). Hidden draws nothing. */
export function drawnLocation(view: PartnerView): LocatedMessage | undefined {
  return view.locationState === 'live' || view.locationState === 'frozen' ? view.location : undefined;
}

/** Exact positions only: an area level is never drawn as a point. */
export function partnerPoints(partners: PartnerOnMap[], forged: Set<string>): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const p of partners) {
    const loc = drawnLocation(p.view);
    if (loc?.level !== 'exact') continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [loc.lon, loc.lat] },
      properties: {
        bondId: p.bondId,
        name: p.name,
        ts: positionTime(loc),
        acc: loc.acc ?? null,
        forged: forged.has(p.bondId),
        frozen: p.view.locationState === 'frozen',
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Area levels (street, neighbourhood, city): a translucent circle of the cell's radius around its centre. */
export function partnerAreas(partners: PartnerOnMap[]): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (const p of partners) {
    const loc = drawnLocation(p.view);
    if (!loc || loc.level === 'exact') continue;
    features.push({
      type: 'Feature',
      geometry: circlePolygon(loc.lon, loc.lat, loc.radius),
      properties: {
        bondId: p.bondId,
        name: p.name,
        level: loc.level,
        radius: loc.radius,
        lat: loc.lat,
        lon: loc.lon,
        ts: positionTime(loc),
        frozen: p.view.locationState === 'frozen',
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The accuracy circles of exact positions (greyed with them when frozen). */
export function partnerAccuracy(partners: PartnerOnMap[]): FeatureCollection<Polygon> {
  const points: { lat: number; lon: number; acc?: number; id: string; frozen: boolean }[] = [];
  for (const p of partners) {
    const loc = drawnLocation(p.view);
    if (loc?.level === 'exact') {
      points.push({
        lat: loc.lat,
        lon: loc.lon,
        id: p.bondId,
        frozen: p.view.locationState === 'frozen',
        ...(loc.acc !== undefined ? { acc: loc.acc } : {}),
      });
    }
  }
  return accuracyCircles(points);
}

/** Degrees of latitude per metre (north–south), for placing a label on an area's northern edge. */
export function northOf(lat: number, metres: number): number {
  return Math.min(90, lat + metres / METRES_PER_DEGREE);
}

/** The corners that hold a position in view: a point, or an area's whole circle. */
export function extentOf(loc: LocatedMessage): [number, number][] {
  if (loc.level === 'exact') return [[loc.lon, loc.lat]];
  const ring = circlePolygon(loc.lon, loc.lat, loc.radius, 16).coordinates[0] ?? [];
  return ring.map((c) => [c[0] as number, c[1] as number]);
}

export function accuracyCircles(
  points: { lat: number; lon: number; acc?: number; id: string; frozen?: boolean }[],
): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: points
      .filter((p) => p.acc !== undefined && p.acc > 0)
      .map((p) => ({
        type: 'Feature',
        geometry: circlePolygon(p.lon, p.lat, p.acc as number),
        properties: { id: p.id, frozen: p.frozen === true },
      })),
  };
}

export function mePoint(me: OwnFix | undefined): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: me
      ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [me.lon, me.lat] }, properties: { acc: me.acc ?? null } }]
      : [],
  };
}
