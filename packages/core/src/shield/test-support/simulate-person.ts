/**
 * Runs a simulated person through one level's coarsening: GPS fixes on their own schedule, publish ticks on
 * the wall-clock schedule (multiples of the tick, as a device would run them), the state round-tripped
 * through JSON now and then as it is when persisted. Records what a partner would see and, as the
 * control, what plain snapping would have shown for every fix.
 */
import { type CoarsenState, type Fix, naiveCell, observeFix, publishCell } from '../coarsen.ts';
import { type Cell, type CoarseLevel, type GridOffset, sameCell } from '../grid.ts';
import type { Seeded } from './seeded.ts';
import { jitter, type Point } from './sim-geometry.ts';

const PERSIST_EVERY_TICKS = 37;

export interface SimOptions {
  level: CoarseLevel;
  offset: GridOffset;
  rng: Seeded;
  /** Where the person truly is at a time. */
  at(ts: number): Point;
  startMs: number;
  durationMs: number;
  fixEveryMs: number;
  tickEveryMs: number;
  /** GPS error per axis; the fixes report acc = sigmaM unless `acc` says otherwise. */
  sigmaM: number;
  acc?: number;
}

export interface SimRun {
  fixes: { fix: Fix; naive: Cell }[];
  /** Every publish tick: what partners see then, and when the published value was last set. */
  ticks: { at: number; cell?: Cell; publishedAt?: number }[];
  /** Every change of the committed cell, the first included. */
  commits: { ts: number; cell: Cell }[];
  state: CoarsenState;
}

export function simulatePerson(o: SimOptions): SimRun {
  const run: SimRun = { fixes: [], ticks: [], commits: [], state: {} };
  const end = o.startMs + o.durationMs;
  let nextFix = o.startMs;
  let nextTick = Math.ceil(o.startMs / o.tickEveryMs) * o.tickEveryMs;
  while (nextFix <= end || nextTick <= end) {
    // A fix and a tick at the same moment: the fix is taken first, as a device would have it in hand.
    if (nextFix <= end && (nextFix <= nextTick || nextTick > end)) {
      const p = jitter(o.at(nextFix), o.sigmaM, o.rng);
      const fix: Fix = { lat: p.lat, lon: p.lon, acc: o.acc ?? o.sigmaM, ts: nextFix };
      run.fixes.push({ fix, naive: naiveCell(fix, o.level, o.offset) });
      const next = observeFix(run.state, fix, o.level, o.offset);
      if (next.cur !== undefined && !sameCell(next.cur, run.state.cur)) run.commits.push({ ts: fix.ts, cell: next.cur });
      run.state = next;
      nextFix += o.fixEveryMs;
    } else {
      const out = publishCell(run.state, nextTick, o.level);
      // Every so often the state goes through JSON, as when the device persists it and reloads.
      run.state = run.ticks.length % PERSIST_EVERY_TICKS === 0 ? (JSON.parse(JSON.stringify(out.state)) as CoarsenState) : out.state;
      run.ticks.push({ at: nextTick, cell: out.cell, publishedAt: run.state.published?.at });
      nextTick += o.tickEveryMs;
    }
  }
  return run;
}

/** How many times a sequence changes value, ignoring leading gaps (nothing published yet). */
export function countFlips(cells: readonly (Cell | undefined)[]): number {
  let flips = 0;
  let last: Cell | undefined;
  for (const cell of cells) {
    if (cell === undefined) continue;
    if (last !== undefined && !sameCell(cell, last)) flips++;
    last = cell;
  }
  return flips;
}
