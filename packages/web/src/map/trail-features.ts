/**
 * One UTC day of a trail, as the map draws it (issue 13, decision 0014 §2 and §5). Only what the device
 * verified and decoded is drawn, one chunk (a sending device's day) at a time:
 * - exact: a line through the fixes in their order (simplified when there are thousands, `simplify.ts`), and
 *   the first and last fix as points;
 * - street / neighbourhood / city: the rectangles of the grid cells visited (core `cellBounds`, in the
 *   sharer's shifted frame, as the centres are), each with its enter and leave times — no line, no point,
 *   no coordinate finer than the cell;
 * - a damaged chunk (forged, stale, unreadable, from a newer version, or under a key never given) is listed
 *   as damaged and adds nothing to the map;
 * - stays (issue 14, `trail-timeline.ts` says where they come from) as circles: at exact a circle of the stay's
 *   radius, at an area level the stay's cell — and the day's timeline rows and the track a replay runs along.
 */
import type { TrailDamage, TrailEntry } from '@entwine/client';
import { type AreaLevel, type CellVisit, cellBounds, cellCentre, type TrailFix } from '@entwine/core';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { circlePolygon } from './partner-features.ts';
import { simplifyRoute } from './simplify.ts';
import { type DayStays, type ReplayTrack, staysOf, type TimelineRow, timelineRows } from './trail-timeline.ts';

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
  /** The stays as areas: a circle at exact, the cell at an area level. */
  stays: FeatureCollection<Polygon>;
  /** Stays and trips in time order, and where they came from (none when no chunk gave or allowed them). */
  timeline: TimelineRow[];
  staySource: DayStays['source'];
  /** What a replay runs along (the day's chunks merged in time order); none when nothing is drawn. */
  track?: ReplayTrack;
  /** A week or a month: time spent per square, as weighted points for a heatmap (`trail-density.ts`). */
  density?: FeatureCollection<Point>;
  /** "Our day": one's own day, drawn beside this one (a partner's) in its own colour, sharing its scrubber. */
  ours?: TrailDrawing;
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

/**
 * The day's entries (`Device.trailOf` for one day) → what the map draws and what is listed under it. `own`:
 * the person's own trail (their vault), whose stays may be derived here when a chunk does not carry them.
 */
export function trailDrawing(entries: readonly TrailEntry[], own = false): TrailDrawing {
  const stayAreas: Feature<Polygon>[] = [];
  const timeline: TimelineRow[] = [];
  let staySource: DayStays['source'] = 'none';
  const allFixes: TrailFix[] = [];
  const cellVisits: CellVisit[] = [];
  let areaLevel: AreaLevel | undefined;
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
    const dayStays = staysOf(trail, own);
    if (dayStays.source !== 'none') staySource = dayStays.source;
    const rows = timelineRows(trail, dayStays, `${senderDevice}:`);
    timeline.push(...rows);
    for (const r of rows) {
      if (r.kind !== 'stay') continue;
      const geometry: Polygon =
        r.radiusM !== undefined
          ? circlePolygon(r.centre.lon, r.centre.lat, r.radiusM)
          : { type: 'Polygon', coordinates: [cellRing({ west: r.bounds[0], south: r.bounds[1], east: r.bounds[2], north: r.bounds[3] })] };
      stayAreas.push({ type: 'Feature', geometry, properties: { key: r.key, start: r.start, end: r.end, level: r.level } });
    }
    if (trail.level === 'exact') {
      for (const f of trail.fixes) allFixes.push(f); // not push(...): a day of 200 k fixes overflows the call stack
      const { fixes } = trail;
      const first = fixes[0];
      const last = fixes.at(-1);
      if (!first || !last) continue;
      // Through every fix of a usual day; a day of many thousands is simplified to what a screen can show.
      const coordinates: Position[] = simplifyRoute(fixes.map((f): [number, number] => [f.lon, f.lat]));
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
    areaLevel = level;
    for (const v of trail.visits) cellVisits.push(v);
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
  timeline.sort((a, b) => a.start - b.start || (a.kind === 'stay' ? -1 : 1));
  // A day is one level per partner (their shield); an own day is exact. Exact wins if both ever appear.
  const track: ReplayTrack | undefined =
    allFixes.length > 0
      ? { level: 'exact', fixes: allFixes.sort((a, b) => a.ts - b.ts) }
      : areaLevel && cellVisits.length > 0
        ? { level: areaLevel, visits: cellVisits.sort((a, b) => a.enter - b.enter) }
        : undefined;
  return {
    key: JSON.stringify(entries.map((e) => [e.day, e.senderDevice, 'damaged' in e ? e.damaged : e.revision])),
    line: collection(line),
    points: collection(points),
    cells: collection(cells),
    stays: collection(stayAreas),
    timeline,
    staySource,
    ...(track ? { track } : {}),
    ...(west <= east ? { bounds: [west, south, east, north] as [number, number, number, number] } : {}),
    routes,
    visits,
    damaged,
  };
}

/** "Our day": a partner's day with one's own beside it — one key, one box holding both. */
export function ourDay(partner: TrailDrawing, own: TrailDrawing): TrailDrawing {
  const [a, b] = [partner.bounds, own.bounds];
  const bounds: [number, number, number, number] | undefined =
    a && b ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : (a ?? b);
  return { ...partner, key: `${partner.key}|ours:${own.key}`, ours: own, ...(bounds ? { bounds } : {}) };
}

/** A week's or a month's density as a drawing: nothing but the heat, brought into view. */
export function densityDrawing(key: string, points: FeatureCollection<Point>, bounds?: [number, number, number, number]): TrailDrawing {
  return { ...trailDrawing([]), key, density: points, ...(bounds ? { bounds } : {}) };
}
