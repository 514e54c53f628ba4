/**
 * One UTC day of a trail, as the map draws it (issue 13, decision 0014 §2 and §5). Only what the device
 * verified and decoded is drawn, one chunk (a sending device's day) at a time:
 * - exact: a line through the fixes in their order, and the first and last fix as points;
 * - street / neighbourhood / city: the rectangles of the grid cells visited (core `cellBounds`, in the
 *   sharer's shifted frame, as the centres are), each with its enter and leave times — no line, no point,
 *   no coordinate finer than the cell;
 * - a damaged chunk (forged, stale, unreadable, from a newer version, or under a key never given) is listed
 *   as damaged and adds nothing to the map.
 */
import type { TrailDamage, TrailEntry } from '@entwine/client';
import { type AreaLevel, cellBounds, cellCentre } from '@entwine/core';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';

/** A cell visited, as listed under the map (and carried by its polygon). */
export interface TrailVisit {
  /** Unique within the day: the sending device and the visit's place in its chunk. */
  key: string;
  level: AreaLevel;
  row: number;
  col: number;
  enter: number;
  leave: number;
  /** The cell's centre (shifted frame), to name it. */
  centre: { lat: number; lon: number };
}

/** An exact chunk, summed up for the list under the map. */
export interface TrailRoute {
  senderDevice: string;
  points: number;
  first: number;
  last: number;
}

export interface TrailDrawing {
  /** Changes exactly when what is drawn changes: each chunk's day, sender and revision (or damage). */
  key: string;
  line: FeatureCollection<LineString>;
  points: FeatureCollection<Point>;
  cells: FeatureCollection<Polygon>;
  /** [west, south, east, north] of everything drawn; none when nothing is. */
  bounds?: [number, number, number, number];
  routes: TrailRoute[];
  visits: TrailVisit[];
  damaged: { senderDevice: string; reason: TrailDamage }[];
}

const collection = <G extends LineString | Point | Polygon>(features: Feature<G>[]): FeatureCollection<G> => ({
  type: 'FeatureCollection',
  features,
});

/** A cell's rectangle, counter-clockwise (RFC 7946 §3.1.6). */
function cellRing(b: { south: number; north: number; west: number; east: number }): Position[] {
  return [
    [b.west, b.south],
    [b.east, b.south],
    [b.east, b.north],
    [b.west, b.north],
    [b.west, b.south],
  ];
}

/** The day's entries (`Device.trailOf` for one day) → what the map draws and what is listed under it. */
export function trailDrawing(entries: readonly TrailEntry[]): TrailDrawing {
  const line: Feature<LineString>[] = [];
  const points: Feature<Point>[] = [];
  const cells: Feature<Polygon>[] = [];
  const routes: TrailRoute[] = [];
  const visits: TrailVisit[] = [];
  const damaged: TrailDrawing['damaged'] = [];
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  const extend = (lon: number, lat: number) => {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  };

  for (const entry of entries) {
    const { senderDevice } = entry;
    if ('damaged' in entry) {
      damaged.push({ senderDevice, reason: entry.damaged });
      continue;
    }
    const trail = entry.trail;
    if (trail.level === 'exact') {
      const { fixes } = trail;
      const first = fixes[0];
      const last = fixes.at(-1);
      if (!first || !last) continue;
      const coordinates = fixes.map((f): Position => [f.lon, f.lat]);
      for (const f of fixes) extend(f.lon, f.lat);
      routes.push({ senderDevice, points: fixes.length, first: first.ts, last: last.ts });
      // A line needs two positions; a single fix is drawn as its point only.
      if (fixes.length > 1) {
        line.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates },
          properties: { senderDevice, points: fixes.length, first: first.ts, last: last.ts },
        });
      }
      points.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [first.lon, first.lat] },
        properties: { senderDevice, end: 'start', ts: first.ts },
      });
      if (fixes.length > 1) {
        points.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [last.lon, last.lat] },
          properties: { senderDevice, end: 'end', ts: last.ts },
        });
      }
      continue;
    }
    const level = trail.level;
    for (const [i, v] of trail.visits.entries()) {
      const bounds = cellBounds(v.cell, level);
      extend(bounds.west, bounds.south);
      extend(bounds.east, bounds.north);
      const visit: TrailVisit = {
        key: `${senderDevice}:${i}`,
        level,
        row: v.cell.row,
        col: v.cell.col,
        enter: v.enter,
        leave: v.leave,
        centre: cellCentre(v.cell, level),
      };
      visits.push(visit);
      cells.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [cellRing(bounds)] },
        properties: { key: visit.key, level, row: v.cell.row, col: v.cell.col, enter: v.enter, leave: v.leave },
      });
    }
  }
  visits.sort((a, b) => a.enter - b.enter);
  return {
    key: JSON.stringify(entries.map((e) => [e.day, e.senderDevice, 'damaged' in e ? e.damaged : e.revision])),
    line: collection(line),
    points: collection(points),
    cells: collection(cells),
    ...(west <= east ? { bounds: [west, south, east, north] as [number, number, number, number] } : {}),
    routes,
    visits,
    damaged,
  };
}
