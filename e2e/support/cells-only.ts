/**
 * The check that a trail day a partner decrypted at an area level (one entry of `entwine trail NAME --json`)
 * holds cells and nothing finer (decision 0014 §2): the entry has no field but its visits, each visit is a
 * grid cell (row and column), the cell's own centre and two publish ticks — no fix, no coordinate of the
 * sender's, no fix time — and every cell is one the sender's fixes that day really fell in (on the sender's
 * grid), so the check is of a real trail, not of an empty one. The sender's stays and trips may be there too
 * (decision 0017): a stay is one of the visits' cells with times on ticks, a confidence and the CLI's name for
 * the cell (`place`); a trip is two ticks and a mode — no distance, no route. Returns what is wrong, so a test can also show
 * the check failing an exact day (its control).
 */
import { type AreaLevel, type Cell, cellCentre, cellOf, fromBase64url, type GridOffset, gridOffset } from '@entwine/core';
import type { TrackPoint } from './commute-week.ts';

const ENTRY_KEYS = ['day', 'level', 'revision', 'senderDevice', 'visits'];
const OPTIONAL_KEYS = ['stays', 'trips'];
const STAY_KEYS = ['cell', 'confidence', 'end', 'place', 'start'];
const TRIP_KEYS = ['end', 'mode', 'start'];
const VISIT_KEYS = ['cell', 'centre', 'enter', 'leave'];
const keysOf = (o: object) => Object.keys(o).sort();
const same = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

export interface SenderTruth {
  /** The sender's fixes of that day (to find the cells they fell in, and their times where the test knows them). */
  fixes: readonly (Pick<TrackPoint, 'lat' | 'lon'> & { ts?: number })[];
  /** The sender's coarsening key, base64url (their device state's `source.coarseningKey`). */
  coarseningKey: string;
  /** The publish tick: a visit starts and ends on one. */
  tickMs: number;
}

export function cellsOnlyFaults(entry: Record<string, unknown>, level: AreaLevel, truth: SenderTruth): string[] {
  const faults: string[] = [];
  if (
    !same(
      keysOf(entry).filter((k) => !OPTIONAL_KEYS.includes(k)),
      ENTRY_KEYS,
    )
  )
    faults.push(`entry fields ${keysOf(entry).join(',')}`);
  if (entry.level !== level) faults.push(`level ${String(entry.level)}`);
  const visits = entry.visits;
  if (!Array.isArray(visits) || visits.length === 0) return [...faults, 'no visits'];
  const offset: GridOffset = gridOffset(fromBase64url(truth.coarseningKey), level);
  const cellsPassed = new Set(truth.fixes.map((f) => key(cellOf(f.lat, f.lon, level, offset))));
  const fixTimes = new Set(truth.fixes.map((f) => f.ts));
  for (const [i, v] of (visits as Record<string, unknown>[]).entries()) {
    if (!same(keysOf(v), VISIT_KEYS)) faults.push(`visit ${i} fields ${keysOf(v).join(',')}`);
    const cell = v.cell as Cell;
    if (!same(keysOf(cell), ['col', 'row']) || !Number.isInteger(cell.row) || !Number.isInteger(cell.col)) {
      faults.push(`visit ${i} cell ${JSON.stringify(cell)}`);
      continue;
    }
    const centre = cellCentre(cell, level);
    if (JSON.stringify(v.centre) !== JSON.stringify(centre)) faults.push(`visit ${i} centre ${JSON.stringify(v.centre)} is not its cell's`);
    for (const t of [v.enter, v.leave] as number[]) {
      if (!Number.isInteger(t) || t % truth.tickMs !== 0) faults.push(`visit ${i} time ${t} is not a publish tick`);
      if (fixTimes.has(t)) faults.push(`visit ${i} time ${t} is a fix's time`);
    }
    if (!((v.enter as number) <= (v.leave as number))) faults.push(`visit ${i} leaves before it enters`);
    if (!cellsPassed.has(key(cell))) faults.push(`visit ${i} cell ${key(cell)} is none the fixes fell in`);
  }
  const shown = new Set((visits as { cell: Cell }[]).map((v) => key(v.cell)));
  for (const [i, st] of ((entry.stays ?? []) as Record<string, unknown>[]).entries()) {
    if (!same(keysOf(st), STAY_KEYS)) faults.push(`stay ${i} fields ${keysOf(st).join(',')}`);
    if (!shown.has(key(st.cell as Cell))) faults.push(`stay ${i} cell ${key(st.cell as Cell)} is none of the visits'`);
    for (const t of [st.start, st.end] as number[])
      if (!Number.isInteger(t) || t % truth.tickMs !== 0) faults.push(`stay ${i} time ${t} is not a tick`);
  }
  for (const [i, tr] of ((entry.trips ?? []) as Record<string, unknown>[]).entries()) {
    if (!same(keysOf(tr), TRIP_KEYS)) faults.push(`trip ${i} fields ${keysOf(tr).join(',')}`);
    for (const t of [tr.start, tr.end] as number[])
      if (!Number.isInteger(t) || t % truth.tickMs !== 0) faults.push(`trip ${i} time ${t} is not a tick`);
  }
  return faults;
}

const key = (c: Cell) => `${c.row},${c.col}`;
