/**
 * What one day of a trail holds once decoded (decision 0014 §2): at `exact`, the fixes; at an area level,
 * the committed cells of the person's grid with when each was entered and left — no fix, no route, no
 * coordinate finer than the cell. Times are Unix ms inside the UTC day.
 */
import type { Cell } from '../shield/grid.ts';
import type { AreaLevel } from '../shield/levels.ts';

export const DAY_MS = 86_400_000;

/** The first ms of a UTC day (days since 1970-01-01). */
export const dayStartMs = (day: number): number => day * DAY_MS;

/** One recorded fix, as the device keeps it (the client's `ExactFix` fits it). */
export interface TrailFix {
  /** When the fix was taken, ms. Kept to the ms. */
  ts: number;
  /** Degrees; kept to 1e-7°. */
  lat: number;
  lon: number;
  /** Horizontal accuracy, metres; kept to 1 m. */
  acc?: number;
  /** Metres per second; kept to 1 cm/s. */
  speed?: number;
  /** Metres; kept to 1 dm. */
  alt?: number;
  /** Degrees clockwise from north; kept to 0.1°. */
  bearing?: number;
}

/** A committed cell and the time span it was shown: entered at `enter`, left at `leave` (ms, enter ≤ leave). */
export interface CellVisit {
  cell: Cell;
  enter: number;
  leave: number;
}

export type TrailDay = { day: number; level: 'exact'; fixes: TrailFix[] } | { day: number; level: AreaLevel; visits: CellVisit[] };
