/**
 * A day's fixes → the cells a partner at an area level is shown, with when each was entered and left
 * (decision 0014 §2). It replays the live location's own rules over the day — `observeFix` for every fix
 * (accuracy gate, hysteresis, dwell) and `publishCell` on every publish tick (the quantum) — so:
 * - every visit's cell is the cell live publishing showed at each tick of the visit, and nothing else;
 * - enter and leave are publish ticks (a change of cell: the first tick of a quantum), never a fix's time,
 *   so the trail's timing says no more than the live location's did;
 * - a visit holds a cell (its grid row and column) and nothing finer.
 *
 * Ticks run without a break from the first tick at or after the day's first fix to the first tick at or
 * after its last, inside the day. A gap in the fixes does not end a visit: live publishing kept showing
 * the committed cell through it, with the tick's time, so ending the visit would tell the partner when
 * the device stopped recording, which the area level never told them. At a tick, the fixes taken at or
 * before it have been observed. The state goes on from day to day: pass the state one day returned as
 * the next day's `state`.
 */
import { type CoarsenState, type Fix, observeFix, publishCell } from '../shield/coarsen.ts';
import { type Cell, type GridOffset, sameCell } from '../shield/grid.ts';
import type { AreaLevel } from '../shield/levels.ts';
import { type CellVisit, DAY_MS, dayStartMs } from './trail-day.ts';

export interface CellVisitsInput {
  day: number;
  /** The day's fixes, in time order, all inside the day. */
  fixes: readonly Fix[];
  level: AreaLevel;
  /** This person's grid offset at `level` (`gridOffset(coarseningKey, level)`). */
  offset: GridOffset;
  /** The publish tick, ms (the live location's: `DEFAULT_TICK_MS` in the client, 15 s). */
  tickMs: number;
  /** The level's grid state when the day began (what the day before returned); none: a fresh grid. */
  state?: CoarsenState;
}

export function cellVisits(input: CellVisitsInput): { visits: CellVisit[]; state: CoarsenState } {
  const { fixes, level, offset, tickMs } = input;
  if (!Number.isSafeInteger(tickMs) || tickMs <= 0) throw new RangeError(`tickMs: expected a positive integer, got ${tickMs}`);
  const start = dayStartMs(input.day);
  const end = start + DAY_MS;
  for (const [i, f] of fixes.entries()) {
    const prev = i === 0 ? start : (fixes[i - 1] as Fix).ts;
    if (!(f.ts >= prev && f.ts < end)) throw new RangeError(`fix ${i} ts: expected in time order from ${prev} to ${end - 1}, got ${f.ts}`);
  }
  let state: CoarsenState = input.state ?? {};
  const visits: CellVisit[] = [];
  const first = fixes[0];
  const last = fixes[fixes.length - 1];
  if (!first || !last) return { visits, state };
  let next = 0;
  let open: { cell: Cell; enter: number } | undefined;
  const close = (at: number) => {
    if (open) visits.push({ cell: open.cell, enter: open.enter, leave: Math.min(at, end) });
    open = undefined;
  };
  const lastTick = Math.ceil(last.ts / tickMs) * tickMs;
  let tick = Math.ceil(first.ts / tickMs) * tickMs;
  for (; tick <= lastTick && tick < end; tick += tickMs) {
    while (next < fixes.length && (fixes[next] as Fix).ts <= tick) state = observeFix(state, fixes[next++] as Fix, level, offset);
    const published = publishCell(state, tick, level);
    state = published.state;
    if (open && sameCell(open.cell, published.cell)) continue;
    close(tick);
    if (published.cell) open = { cell: published.cell, enter: tick };
  }
  // The last visit lasts until the tick after its last one (where the loop stopped): live showed it that long.
  close(tick);
  // Fixes after the day's last tick still move the grid, for the next day.
  while (next < fixes.length) state = observeFix(state, fixes[next++] as Fix, level, offset);
  return { visits, state };
}
