/**
 * What the map draws, as GeoJSON: one point per partner (and one for this person) and an accuracy circle
 * around each — a true circle of `acc` metres on the ground, as a 64-gon, so it scales with the zoom.
 */
import type { Fix } from '../adapters/geolocation.ts';
import type { PartnerPosition } from '../app/session.ts';

const EARTH_RADIUS_M = 6_371_008.8;

export function circlePolygon(lon: number, lat: number, radiusM: number, steps = 64): GeoJSON.Polygon {
  const ring: GeoJSON.Position[] = [];
  const d = radiusM / EARTH_RADIUS_M;
  const phi1 = (lat * Math.PI) / 180;
  const lambda1 = (lon * Math.PI) / 180;
  for (let i = 0; i <= steps; i++) {
    const theta = (2 * Math.PI * i) / steps;
    const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
    const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
    ring.push([(lambda2 * 180) / Math.PI, (phi2 * 180) / Math.PI]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

export function partnerPoints(partners: PartnerPosition[], forged: Set<string>): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: partners.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { bondId: p.bondId, name: p.name, ts: p.ts, acc: p.acc ?? null, forged: forged.has(p.bondId) },
    })),
  };
}

export function accuracyCircles(
  points: { lat: number; lon: number; acc?: number; id: string }[],
): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  return {
    type: 'FeatureCollection',
    features: points
      .filter((p) => p.acc !== undefined && p.acc > 0)
      .map((p) => ({ type: 'Feature', geometry: circlePolygon(p.lon, p.lat, p.acc as number), properties: { id: p.id } })),
  };
}

export function mePoint(me: Fix | undefined): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: me
      ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [me.lon, me.lat] }, properties: { acc: me.acc ?? null } }]
      : [],
  };
}
