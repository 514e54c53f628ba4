/**
 * What one day of a trail holds once decoded (decision 0014 §2): at `exact`, the fixes; at an area level,
 * the committed cells of the person's grid with when each was entered and left — no fix, no route, no
 * coordinate finer than the cell. Times are Unix ms inside the UTC day.
 */
import type { Cell } from '../shield/grid.ts';
import type { AreaLevel } from '../shield/levels.ts';
import type { TripMode } from '../stays/trip-mode.ts';

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

/**
 * Stays and trips as the sender derived them from its exact fixes (issue 14; the reader never re-derives them
 * from a coarse trail). A day lists those that overlap it as known when it was sealed: a stay still open at the
 * seal ends at its last fix so far; times are not clipped to the day, so a stay over midnight is in both days.
 */
export interface StaySpan {
  /** ms; at an area level, publish ticks (rounded outward), like the cell visits. */
  start: number;
  end: number;
  /** 0..1, two decimals (stays/detect-day.ts). */
  confidence: number;
}
/** At `exact`: the stay's centre and radius. */
export interface ExactStay extends StaySpan {
  lat: number;
  lon: number;
  radiusM: number;
}
/** At an area level: the committed cell the partner was shown then — never a finer centre. */
export interface CellStay extends StaySpan {
  cell: Cell;
}
/** What lies between two stays. At an area level no route and no distance, only the times and the mode. */
export interface DayTrip {
  start: number;
  end: number;
  mode: TripMode;
  /** `exact` only: metres along the kept fixes. */
  distanceM?: number;
}

/** `stays`/`trips` absent: the sender did not derive them (an older chunk); `[]`: derived, none. */
export type TrailDay =
  | { day: number; level: 'exact'; fixes: TrailFix[]; stays?: ExactStay[]; trips?: DayTrip[] }
  | { day: number; level: AreaLevel; visits: CellVisit[]; stays?: CellStay[]; trips?: DayTrip[] };
