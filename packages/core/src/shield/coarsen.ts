/**
 * Hysteresis, dwell and publish quantum on top of the keyed-offset grid (research §3.4, steps 1–7).
 * Per level it guarantees:
 * - a still person always gets the same cell, however the GPS jitters: leaving the committed cell takes
 *   fixes at least the hysteresis margin h outside it for the whole dwell time, all in (or within h of) one
 *   new cell, so someone living on an edge does not flap across it;
 * - a crossing is committed no earlier than the dwell after the first fix that is far enough outside, and
 *   published only on the first tick of a later quantum, so its timing says little more than the cell does;
 * - the published value depends only on the fixes and the tick times, so every partner at a level sees the
 *   same sequence (colluding partners learn nothing extra).
 * State is plain JSON (it is persisted with the device state) and every function is pure. A clock that
 * steps backwards only delays a commit or a publish; one that steps forwards shortens the dwell, so the
 * caller should feed fix and tick times from a clock that does not jump.
 */
import { type Cell, type CoarseLevel, cellOf, GRID, type GridOffset, metresOutside, sameCell } from './grid.ts';

export interface CoarsenState {
  /** The committed cell. */
  cur?: Cell;
  /** A different cell seen at least h outside `cur`, and since when fixes have held in or within h of it. */
  pending?: { cell: Cell; since: number };
  /** What partners currently see, and the tick at which it was last set. */
  published?: { cell: Cell; at: number };
}

export interface Fix {
  lat: number;
  lon: number;
  /** Horizontal accuracy, metres; absent means unknown and is treated as good enough. */
  acc?: number;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** The margin h = max(factor · G, 2 · acc): a poor fix needs to be further out before it counts. */
export function hysteresisM(level: CoarseLevel, acc?: number): number {
  const { pitchM, hysteresisFactor } = GRID[level];
  const base = hysteresisFactor * pitchM;
  return acc !== undefined && acc > 0 ? Math.max(base, 2 * acc) : base;
}

/** Feeds one fix to the level's state machine; returns the next state. */
export function observeFix(state: CoarsenState, fix: Fix, level: CoarseLevel, offset: GridOffset): CoarsenState {
  // Written so that NaN fails the gate too: an accuracy we cannot compare is not an accuracy.
  if (fix.acc !== undefined && !(fix.acc <= GRID[level].accuracyGateM)) return state;
  const cand = cellOf(fix.lat, fix.lon, level, offset);
  const { pending: _, ...settled } = state;
  if (state.cur === undefined) return { ...settled, cur: cand };
  if (sameCell(cand, state.cur)) return settled;
  const h = hysteresisM(level, fix.acc);
  if (metresOutside(fix.lat, fix.lon, state.cur, level, offset) < h) return settled;
  // The candidate gets the same hysteresis as the committed cell: a fix within h of the pending cell still
  // counts for it. Restarting the dwell on every change of candidate (§3.4 step 6 read literally) would
  // never commit someone who arrives near an edge of the new cells — at 1 km, 31 fixes in a row would all
  // have to land on one side — and partners would be shown the old cell indefinitely.
  const { pending } = state;
  const next =
    pending !== undefined && (sameCell(pending.cell, cand) || metresOutside(fix.lat, fix.lon, pending.cell, level, offset) < h)
      ? pending
      : { cell: cand, since: fix.ts };
  if (fix.ts - next.since >= GRID[level].dwellMs) return { ...settled, cur: next.cell };
  return { ...settled, pending: next };
}

/**
 * Called on every publish tick, whether or not anything changed. The published cell is re-read from `cur`
 * only on the first tick of a new quantum (or the very first tick), so a change shows no earlier than that.
 */
export function publishCell(state: CoarsenState, now: number, level: CoarseLevel): { state: CoarsenState; cell?: Cell } {
  const { quantumMs } = GRID[level];
  const { cur, published } = state;
  if (cur !== undefined && (published === undefined || Math.floor(now / quantumMs) > Math.floor(published.at / quantumMs))) {
    const next = { cell: cur, at: now };
    return { state: { ...state, published: next }, cell: next.cell };
  }
  return published === undefined ? { state } : { state, cell: published.cell };
}

/** Plain snapping with no hysteresis or dwell: the flapping control in the tests, never published. */
export function naiveCell(fix: Fix, level: CoarseLevel, offset: GridOffset): Cell {
  return cellOf(fix.lat, fix.lon, level, offset);
}
