/**
 * What the map draws of the photos partners shared: a photo pinned at `exact` is a point (with a
 * thumbnail marker over it); a photo pinned to an area is only that area — a circle of its radius, drawn
 * like a partner's shielded area — and never a point; a photo with no place is not on the map.
 * Only received photos are drawn: this person's own are in their list. A photo is drawn only while the
 * partner's view still holds its pin (`PartnerView.pins`): when the sharer lowers moments below it, or to
 * hidden, the pin leaves the map at once.
 */
import { type PartnerView, pinOf } from '@entwine/client';
import type { MomentMessage } from '@entwine/core';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { ShownMoment } from '../app/moment-photos.ts';
import { circlePolygon } from './partner-features.ts';

export type MomentPlace = Exclude<MomentMessage['place'], { level: 'none' }>;

export interface MomentOnMap {
  /** `${bondId}/${id}`: unique across bonds. */
  key: string;
  bondId: string;
  name: string;
  id: string;
  place: MomentPlace;
  url: string;
  ts: number;
  caption?: string;
}

/** The received photos whose pin the partner's view still holds, newest first, for each partner listed. */
export function placedMoments(
  partners: { bondId: string; name: string; view: PartnerView }[],
  moments: Record<string, ShownMoment[]>,
): MomentOnMap[] {
  const out: MomentOnMap[] = [];
  for (const p of partners) {
    for (const m of moments[p.bondId] ?? []) {
      const place = m.from === 'peer' ? pinOf(p.view, m.id)?.place : undefined;
      if (!place) continue;
      out.push({
        key: `${p.bondId}/${m.id}`,
        bondId: p.bondId,
        name: p.name,
        id: m.id,
        place,
        url: m.url,
        ts: m.header.ts,
        ...(m.header.caption ? { caption: m.header.caption } : {}),
      });
    }
  }
  return out;
}

/** Photos pinned exactly: one point each. */
export function momentPoints(moments: MomentOnMap[]): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const m of moments) {
    if (m.place.level !== 'exact') continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [m.place.lon, m.place.lat] },
      properties: { key: m.key, bondId: m.bondId, name: m.name, id: m.id, level: 'exact', lat: m.place.lat, lon: m.place.lon, ts: m.ts },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Photos pinned to an area (street, neighbourhood, city): a circle of the area's radius, never a point. */
export function momentAreas(moments: MomentOnMap[]): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (const m of moments) {
    const place = m.place;
    if (place.level === 'exact') continue;
    features.push({
      type: 'Feature',
      geometry: circlePolygon(place.lon, place.lat, place.radius),
      properties: {
        key: m.key,
        bondId: m.bondId,
        name: m.name,
        id: m.id,
        level: place.level,
        lat: place.lat,
        lon: place.lon,
        radius: place.radius,
        ts: m.ts,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
