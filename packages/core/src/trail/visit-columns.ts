/**
 * The body of a `street` / `neighbourhood` / `city` day, before compression: the committed cells in the
 * order they were shown, one column per field. Nothing finer than a cell is in it: a cell is its grid
 * row and column (`shield/grid.ts`), whose centre is what the live location showed.
 *
 *   gap       count × uvarint: ms from the day's start (first visit) or the previous leave, to this enter
 *   duration  count × uvarint: ms from enter to leave
 *   row       count × zigzag varint: the grid row, the first from 0, then deltas
 *   col       count × zigzag varint: the grid column, likewise
 *
 * So visits never overlap and never leave the day (leave ≤ the next day's start). The decoder checks
 * that, and that every cell exists on the level's grid.
 */
import { cellCentre } from '../shield/grid.ts';
import type { AreaLevel } from '../shield/levels.ts';
import { type CellVisit, DAY_MS } from './trail-day.ts';
import type { ByteReader, ByteWriter } from './varint.ts';

/** Writes `visits` (in time order, inside the day starting at `start`) at `level`. */
export function writeVisitColumns(w: ByteWriter, visits: readonly CellVisit[], start: number, level: AreaLevel): void {
  let prev = start;
  for (const [i, v] of visits.entries()) {
    if (!Number.isSafeInteger(v.enter) || v.enter < prev)
      throw new RangeError(`visit ${i} enter: expected ms from ${prev}, got ${v.enter}`);
    if (!Number.isSafeInteger(v.leave) || v.leave < v.enter || v.leave > start + DAY_MS)
      throw new RangeError(`visit ${i} leave: expected ms from ${v.enter} to ${start + DAY_MS}, got ${v.leave}`);
    cellCentre(v.cell, level); // throws RangeError for a cell the grid does not have
    w.uvarint(v.enter - prev);
    prev = v.leave;
  }
  for (const v of visits) w.uvarint(v.leave - v.enter);
  for (const axis of ['row', 'col'] as const) {
    let last = 0;
    for (const v of visits) {
      w.svarint(v.cell[axis] - last);
      last = v.cell[axis];
    }
  }
}

/** Reads `count` visits of the day starting at `start` at `level`; throws RangeError naming the first damage. */
export function readVisitColumns(r: ByteReader, count: number, start: number, level: AreaLevel): CellVisit[] {
  const visits: CellVisit[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    at += r.uvarint('gap');
    visits.push({ cell: { row: 0, col: 0 }, enter: at, leave: at });
  }
  // Enters were read as if each visit lasted 0 ms; the durations push every later one along.
  let shift = 0;
  for (const [i, v] of visits.entries()) {
    v.enter += shift;
    const duration = r.uvarint('duration');
    shift += duration;
    v.leave = v.enter + duration;
    if (v.leave > start + DAY_MS) throw new RangeError(`trail-day visit ${i} leave: expected at most ${start + DAY_MS}, got ${v.leave}`);
  }
  for (const axis of ['row', 'col'] as const) {
    let last = 0;
    for (const v of visits) {
      last += r.svarint(axis);
      v.cell[axis] = last;
    }
  }
  for (const [i, v] of visits.entries()) {
    try {
      cellCentre(v.cell, level);
    } catch (error) {
      throw new RangeError(`trail-day visit ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return visits;
}
