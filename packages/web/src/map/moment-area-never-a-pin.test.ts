// What the map draws of a received photo: a point only when it was pinned exactly, a circle of the area's
// radius (and no point) when it was pinned to an area, nothing when it has no place — and only the
// partner's photos, never this person's own; and only while the partner's view still holds the pin.
import { emptyView, foldMessage } from '@entwine/client';
import type { MomentMessage } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { ShownMoment } from '../app/moment-photos.ts';
import { momentAreas, momentPoints, placedMoments } from './moment-features.ts';

const header = (id: string, place: MomentMessage['place']): MomentMessage => ({
  kind: 'moment',
  ts: 1_000,
  id,
  place,
  mime: 'image/jpeg',
  size: 10,
  chunks: 1,
  sha256: 'A'.repeat(43),
});
const shown = (from: 'me' | 'peer', id: string, place: MomentMessage['place']): ShownMoment => ({
  id,
  from,
  header: header(id, place),
  url: `blob:${id}`,
});

const received = [
  shown('peer', 'exact00001', { level: 'exact', lat: 35.65858, lon: 139.74543 }),
  shown('peer', 'area000001', { level: 'neighbourhood', lat: 35.66, lon: 139.75, radius: 1000 }),
  shown('peer', 'nowhere001', { level: 'none' }),
];
const moments: Record<string, ShownMoment[]> = { b1: [...received, shown('me', 'mine000001', { level: 'exact', lat: 47.37, lon: 8.54 })] };
// The partner's view as their client folds it: the headers, oldest first.
const view = [...received].reverse().reduce((v, m) => foldMessage(v, m.header), emptyView());
const partners = [{ bondId: 'b1', name: 'Alice', view }];

describe('moments on the map', () => {
  it('keeps only the partner’s photos that have a place', () => {
    expect(placedMoments(partners, moments).map((m) => m.id)).toEqual(['exact00001', 'area000001']);
  });

  it('draws an exact photo as a point and an area photo only as its circle', () => {
    const placed = placedMoments(partners, moments);
    const points = momentPoints(placed).features;
    expect(points.map((f) => f.properties?.id)).toEqual(['exact00001']);
    expect(points[0]?.geometry.coordinates).toEqual([139.74543, 35.65858]);
    const areas = momentAreas(placed).features;
    expect(areas.map((f) => f.properties?.id)).toEqual(['area000001']);
    expect(areas[0]?.geometry.type).toBe('Polygon');
    expect(areas[0]?.properties).toMatchObject({ level: 'neighbourhood', radius: 1000, lat: 35.66, lon: 139.75, name: 'Alice' });
  });

  it('draws no pin the sharer withdrew by lowering moments', () => {
    const lowered = (moments: 'neighbourhood' | 'hidden') =>
      foldMessage(view, { kind: 'presence', level: 'hidden', ts: 2_000, keep: { trail: 'hidden', moments } });
    expect(placedMoments([{ ...partners[0]!, view: lowered('neighbourhood') }], moments).map((m) => m.id)).toEqual(['area000001']);
    expect(placedMoments([{ ...partners[0]!, view: lowered('hidden') }], moments)).toEqual([]);
  });
});
