/**
 * What a partner at a trail level gets of the sender's stays and trips (decision 0017). The sender derives
 * them from its exact fixes (`stays/detect-day.ts`); this turns them into the day chunk's `stays` and `trips`
 * at the level the bond's chunk is sealed at. Guarantees:
 * - `exact`: each stay's centre, radius and confidence, each trip's times, mode and distance (whole metres);
 * - an area level: a stay is the committed cell of that day's visits at the level that overlaps the stay
 *   longest — the cell live location showed then, never the cell of the stay's centre, so a stay near a cell
 *   edge names the cell the partner saw — and a stay overlapping no visit is dropped: a partner never learns a
 *   cell they were not shown, nor a stay at a time they were shown nothing. Times are publish ticks rounded
 *   outward (start down, end up), the trail's own resolution. A trip keeps its times (likewise rounded) and
 *   mode only: no distance, no route, no end point; one overlapping no visit is dropped too.
 */
import type { AreaLevel } from '../shield/levels.ts';
import type { Stay, Trip } from '../stays/detect-day.ts';
import type { CellStay, CellVisit, DayTrip, ExactStay } from './trail-day.ts';

export function exactStaysOf(stays: readonly Stay[], trips: readonly Trip[]): { stays: ExactStay[]; trips: DayTrip[] } {
  return {
    stays: stays.map((s) => ({
      start: s.start,
      end: s.end,
      confidence: s.confidence,
      lat: s.lat,
      lon: s.lon,
      radiusM: Math.max(1, Math.round(s.radiusM)),
    })),
    trips: trips.map((t) => ({ start: t.start, end: t.end, mode: t.mode, distanceM: Math.round(t.distanceM) })),
  };
}

export interface AreaStaysInput {
  stays: readonly Stay[];
  trips: readonly Trip[];
  level: AreaLevel;
  /** The day's visits at `level`, as sealed in the same chunk (`cellVisits`). */
  visits: readonly CellVisit[];
  /** The live publish tick, ms. */
  tickMs: number;
}

/** ms that [start, end] and [enter, leave] share; −1 when they do not meet at all. */
function overlap(start: number, end: number, v: CellVisit): number {
  if (end < v.enter || start > v.leave) return -1;
  return Math.min(end, v.leave) - Math.max(start, v.enter);
}

export function areaStaysOf(input: AreaStaysInput): { stays: CellStay[]; trips: DayTrip[] } {
  const { visits, tickMs } = input;
  if (!Number.isSafeInteger(tickMs) || tickMs <= 0) throw new RangeError(`tickMs: expected a positive integer, got ${tickMs}`);
  const down = (t: number) => Math.floor(t / tickMs) * tickMs;
  const up = (t: number) => Math.ceil(t / tickMs) * tickMs;
  const stays: CellStay[] = [];
  for (const s of input.stays) {
    let best: CellVisit | undefined;
    let most = -1;
    for (const v of visits) {
      const shared = overlap(s.start, s.end, v);
      if (shared > most) {
        most = shared;
        best = v;
      }
    }
    if (!best) continue;
    stays.push({ start: down(s.start), end: up(s.end), confidence: s.confidence, cell: { row: best.cell.row, col: best.cell.col } });
  }
  const trips: DayTrip[] = [];
  for (const t of input.trips)
    if (visits.some((v) => overlap(t.start, t.end, v) >= 0)) trips.push({ start: down(t.start), end: up(t.end), mode: t.mode });
  return { stays, trips };
}
