/**
 * A week or a month of a trail as density (issue 14: "as heat or density, not as a million markers"): time
 * spent per grid square, summed one day at a time, never a point per fix. At exact a fix counts the time to
 * the next one (at most `MAX_GAP_MS`: a long silence is not time spent where the last fix was) in a square of
 * `EXACT_SQUARE_M`; at an area level a visit counts its whole span in the cell's square — its centre, never
 * finer than the cell. The result is one weighted point per square, drawn as a heatmap (`trail-layers.ts`).
 */
import { cellCentre, METRES_PER_DEGREE, type TrailDay, type TrailFix } from '@entwine/core';
import type { FeatureCollection, Point } from 'geojson';

export const EXACT_SQUARE_M = 200;
const MAX_GAP_MS = 10 * 60_000;
const DEG_M = METRES_PER_DEGREE;

export interface DensityGrid {
  /** A square's key (`squareKey`) → ms spent there. */
  weights: Map<number, number>;
  /** A square's key → its centre [lat, lon]. */
  centres: Map<number, [number, number]>;
  days: number;
}

export const emptyDensity = (): DensityGrid => ({ weights: new Map(), centres: new Map(), days: 0 });

/**
 * A day as the worker takes it: at exact its fixes' times and places packed into one array
 * (`[ts, lat, lon, ts, lat, lon, …]`, in time order), which the page hands over without copying — a year of
 * fixes as objects would take the page's main thread half a second to copy into the worker; at an area level
 * its few visits as they are.
 */
export type DensityDay = { level: 'exact'; points: Float64Array } | Extract<TrailDay, { visits: unknown }>;

export function packDay(trail: TrailDay): DensityDay {
  if (trail.level !== 'exact') return trail;
  // A decoded day is in time order already (its times are deltas that only grow): sort only one that is not.
  const inOrder = trail.fixes.every((f, i, all) => i === 0 || (all[i - 1] as TrailFix).ts <= f.ts);
  const fixes = inOrder ? trail.fixes : [...trail.fixes].sort((a, b) => a.ts - b.ts);
  const points = new Float64Array(fixes.length * 3);
  for (const [i, f] of fixes.entries()) {
    points[3 * i] = f.ts;
    points[3 * i + 1] = f.lat;
    points[3 * i + 2] = f.lon;
  }
  return { level: 'exact', points };
}

/**
 * A square's number: its row and column (each within ±2²¹, far more than the 200 m rows and columns of the
 * Earth or a grid's cells) side by side in one integer below 2⁵³, so the grid is keyed by numbers, not strings.
 */
const SPAN = 2 ** 22;
const squareKey = (row: number, col: number) => (row + SPAN / 2) * SPAN + (col + SPAN / 2);
function add(grid: DensityGrid, key: number, lat: number, lon: number, ms: number): void {
  const had = grid.weights.get(key);
  if (had === undefined) grid.centres.set(key, [lat, lon]);
  grid.weights.set(key, (had ?? 0) + ms);
}

/** Adds one day's trail to the grid (changes `grid`). */
export function addDay(grid: DensityGrid, trail: TrailDay | DensityDay): void {
  const day: DensityDay = 'fixes' in trail ? packDay(trail) : trail;
  grid.days++;
  if (day.level === 'exact') {
    const step = EXACT_SQUARE_M / DEG_M;
    const p = day.points;
    const n = p.length / 3;
    for (let i = 0; i < n; i++) {
      const ms = i + 1 < n ? Math.min(MAX_GAP_MS, (p[3 * (i + 1)] as number) - (p[3 * i] as number)) : 60_000;
      const row = Math.floor((p[3 * i + 1] as number) / step);
      const lat = (row + 0.5) * step;
      const stepLon = step / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
      const col = Math.floor((p[3 * i + 2] as number) / stepLon);
      add(grid, squareKey(row, col), lat, (col + 0.5) * stepLon, ms);
    }
    return;
  }
  for (const v of day.visits) {
    const c = cellCentre(v.cell, day.level);
    // A day has one level; the cells are kept apart from exact squares (negative) and from other levels' cells.
    const key = -1 - (squareKey(v.cell.row, v.cell.col) * 4 + AREA_LEVEL_INDEX[day.level]);
    add(grid, key, c.lat, c.lon, Math.max(60_000, v.leave - v.enter));
  }
}

const AREA_LEVEL_INDEX = { street: 0, neighbourhood: 1, city: 2 } as const;

/** The grid as weighted points (`hours` spent), and the box holding them. */
export function densityFeatures(grid: DensityGrid): { points: FeatureCollection<Point>; bounds?: [number, number, number, number] } {
  let w = Number.POSITIVE_INFINITY;
  let s = Number.POSITIVE_INFINITY;
  let e = Number.NEGATIVE_INFINITY;
  let n = Number.NEGATIVE_INFINITY;
  const features = [...grid.weights].map(([key, ms]) => {
    const [lat, lon] = grid.centres.get(key) as [number, number];
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
    return {
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [lon, lat] },
      properties: { hours: ms / 3_600_000 },
    };
  });
  return {
    points: { type: 'FeatureCollection', features },
    ...(w <= e ? { bounds: [w, s, e, n] as [number, number, number, number] } : {}),
  };
}
