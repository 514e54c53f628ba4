/**
 * A day's timeline (issue 14): its stays and trips as rows, and where the day was at a moment (the replay's
 * marker). Pure, so the Trail screen and its tests share one reading.
 *
 * Where stays come from is one function, `staysOf`: the sender's, when the chunk carries them; else, for this
 * person's OWN exact day only, derived here from the exact fixes (core `detectDay` + `settleStays`, the same
 * detector the sender runs) — allowed, since it is their own exact data; for a partner's day without them,
 * none: a partner's stays are never re-derived from what they were shown (a coarse trail least of all).
 * Derived here, a day starts from a fresh detector state, so a stay over midnight is cut at the day's edge
 * (the sender's, carried in the chunk, are not).
 */
import {
  type AreaLevel,
  type CellStay,
  type CellVisit,
  cellBounds,
  cellCentre,
  type DayTrip,
  detectDay,
  type ExactStay,
  initialStayState,
  METRES_PER_DEGREE,
  settleStays,
  type TrailDay,
  type TrailFix,
  type TripMode,
} from '@entwine/core';

export type Bounds = [west: number, south: number, east: number, north: number];

export interface DayStays {
  stays: ExactStay[] | CellStay[];
  trips: DayTrip[];
  /** 'sender': the chunk carried them; 'derived': from one's own fixes here; 'none': a partner's day without them. */
  source: 'sender' | 'derived' | 'none';
}

/** The one place deciding which stays a day shows (see the file's comment). */
export function staysOf(trail: TrailDay, own: boolean): DayStays {
  if (trail.stays && trail.trips) return { stays: trail.stays, trips: trail.trips, source: 'sender' };
  if (own && trail.level === 'exact' && trail.fixes.length > 0) {
    const run = detectDay(initialStayState(), trail.fixes);
    const rest = settleStays(run.state);
    const stays = [...run.stays, ...rest.stays].map(
      (s): ExactStay => ({ start: s.start, end: s.end, confidence: s.confidence, lat: s.lat, lon: s.lon, radiusM: s.radiusM }),
    );
    const trips = [...run.trips, ...rest.trips].map((t): DayTrip => ({ start: t.start, end: t.end, mode: t.mode, distanceM: t.distanceM }));
    return { stays, trips, source: 'derived' };
  }
  return { stays: [], trips: [], source: 'none' };
}

/** One row of the timeline. `centre` names it; `bounds` is where tapping it flies the map. */
export type TimelineRow =
  | {
      kind: 'stay';
      key: string;
      start: number;
      end: number;
      level: 'exact' | AreaLevel;
      centre: { lat: number; lon: number };
      radiusM?: number;
      bounds: Bounds;
    }
  | { kind: 'trip'; key: string; start: number; end: number; mode: TripMode; distanceM?: number; bounds?: Bounds };

/** The box holding a circle of `radiusM` around a centre (a small-circle approximation, fine at a stay's size). */
export function circleBounds(lat: number, lon: number, radiusM: number): Bounds {
  const dLat = radiusM / METRES_PER_DEGREE;
  const dLon = radiusM / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

function fixBounds(fixes: readonly TrailFix[], start: number, end: number): Bounds | undefined {
  let b: Bounds | undefined;
  for (const f of fixes) {
    if (f.ts < start || f.ts > end) continue;
    b = b ? [Math.min(b[0], f.lon), Math.min(b[1], f.lat), Math.max(b[2], f.lon), Math.max(b[3], f.lat)] : [f.lon, f.lat, f.lon, f.lat];
  }
  return b;
}

/** A day's stays and trips as rows in time order (`prefix` keeps keys unique across a day's chunks). */
export function timelineRows(trail: TrailDay, day: DayStays, prefix = ''): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const [i, s] of day.stays.entries()) {
    const key = `${prefix}stay:${i}`;
    if ('cell' in s) {
      if (trail.level === 'exact') continue;
      const b = cellBounds(s.cell, trail.level);
      rows.push({
        kind: 'stay',
        key,
        start: s.start,
        end: s.end,
        level: trail.level,
        centre: cellCentre(s.cell, trail.level),
        bounds: [b.west, b.south, b.east, b.north],
      });
    } else {
      rows.push({
        kind: 'stay',
        key,
        start: s.start,
        end: s.end,
        level: 'exact',
        centre: { lat: s.lat, lon: s.lon },
        radiusM: s.radiusM,
        bounds: circleBounds(s.lat, s.lon, s.radiusM),
      });
    }
  }
  for (const [i, t] of day.trips.entries()) {
    // At an area level a trip has no route: no bounds to fly to, only its times and mode.
    const bounds = trail.level === 'exact' ? fixBounds(trail.fixes, t.start, t.end) : undefined;
    rows.push({
      kind: 'trip',
      key: `${prefix}trip:${i}`,
      start: t.start,
      end: t.end,
      mode: t.mode,
      ...(t.distanceM !== undefined ? { distanceM: t.distanceM } : {}),
      ...(bounds ? { bounds } : {}),
    });
  }
  return rows.sort((a, b) => a.start - b.start || (a.kind === 'stay' ? -1 : 1));
}

/** The row holding time `t` (the replay highlights it), else undefined. A stay wins over a trip at a shared edge. */
export function rowAt(rows: readonly TimelineRow[], t: number): TimelineRow | undefined {
  return rows.find((r) => r.kind === 'stay' && r.start <= t && t <= r.end) ?? rows.find((r) => r.start <= t && t <= r.end);
}

/** What a replay moves along: an exact day's fixes, or an area day's cell visits — in time order. */
export type ReplayTrack = { level: 'exact'; fixes: TrailFix[] } | { level: AreaLevel; visits: CellVisit[] };

/** Where the replay's marker is at `t`: at exact a point between two fixes; at an area level the cell shown then. */
export type ReplayAt =
  | { level: 'exact'; lat: number; lon: number }
  | { level: AreaLevel; lat: number; lon: number; cell: { row: number; col: number }; bounds: Bounds };

export function replayAt(track: ReplayTrack, t: number): ReplayAt | undefined {
  if (track.level === 'exact') {
    const f = track.fixes;
    const first = f[0];
    const last = f.at(-1);
    if (!first || !last) return undefined;
    if (t <= first.ts) return { level: 'exact', lat: first.lat, lon: first.lon };
    if (t >= last.ts) return { level: 'exact', lat: last.lat, lon: last.lon };
    // Binary search for the last fix at or before t.
    let lo = 0;
    let hi = f.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((f[mid] as TrailFix).ts <= t) lo = mid;
      else hi = mid - 1;
    }
    const a = f[lo] as TrailFix;
    const b = f[lo + 1] ?? a;
    const k = b.ts > a.ts ? (t - a.ts) / (b.ts - a.ts) : 0;
    return { level: 'exact', lat: a.lat + (b.lat - a.lat) * k, lon: a.lon + (b.lon - a.lon) * k };
  }
  // The cell shown at t; between two visits (the sharer unseen), the last one shown before t.
  let shown: CellVisit | undefined;
  for (const v of track.visits) if (v.enter <= t) shown = v;
  shown ??= track.visits[0];
  if (!shown) return undefined;
  const level = track.level;
  const c = cellCentre(shown.cell, level);
  const b = cellBounds(shown.cell, level);
  return { level, lat: c.lat, lon: c.lon, cell: { row: shown.cell.row, col: shown.cell.col }, bounds: [b.west, b.south, b.east, b.north] };
}

/** The span a replay runs over: the day's first to last recorded moment. */
export function trackSpan(track: ReplayTrack): { from: number; to: number } | undefined {
  if (track.level === 'exact') {
    const first = track.fixes[0];
    const last = track.fixes.at(-1);
    return first && last ? { from: first.ts, to: last.ts } : undefined;
  }
  const first = track.visits[0];
  if (!first) return undefined;
  return { from: first.enter, to: Math.max(...track.visits.map((v) => v.leave)) };
}
