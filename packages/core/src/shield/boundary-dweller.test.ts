/**
 * Acceptance 2 (research §5.2 T9, §3.3): a person who lives 1–10 m from a cell edge, with GPS σ = 10 m,
 * is shown one cell for 24 hours — no flip a partner could use to pin them to the edge line — while plain
 * snapping (the control) flaps across the edge hundreds or thousands of times. Row edges, column edges and
 * the antimeridian (always a column edge in the shifted frame) are all tried.
 */
import { describe, expect, it } from 'vitest';
import { METRES_PER_DEGREE as M } from '../geo.ts';
import { COARSE_LEVELS, type CoarseLevel, cellOf, GRID, gridOffset } from './grid.ts';
import { seeded } from './test-support/seeded.ts';
import { columnCount, eastEdgeLon, northEdgeLat, type Point, trueCentre } from './test-support/sim-geometry.ts';
import { countFlips, simulatePerson } from './test-support/simulate-person.ts';

const SEED = 0x5eed_0200;
const DAY_MS = 86_400_000;
const DISTANCES_M = [1, 3, 5, 10];
const EDGES = ['row', 'column', 'antimeridian'] as const;
const RAD = Math.PI / 180;

/** A home `d` metres inside a cell from one of its edges, and the cell on the other side. */
function homeNearEdge(edge: (typeof EDGES)[number], d: number, level: CoarseLevel, seed: number) {
  const rng = seeded(seed);
  const G = GRID[level].pitchM;
  const offset = gridOffset(rng.bytes(32), level);
  let cell = cellOf(rng.between(-70, 70), rng.between(-180, 180), level, offset);
  if (edge === 'antimeridian') cell = { row: cell.row, col: columnCount(cell.row, level) - 1 };
  const centre = trueCentre(cell, level, offset);
  let home: Point;
  let across: Point;
  if (edge === 'row') {
    const lat = northEdgeLat(centre, G, level, offset);
    home = { lat: lat - d / M, lon: centre.lon };
    across = { lat: lat + d / M, lon: centre.lon };
  } else {
    const lon = eastEdgeLon(centre, G, level, offset);
    const perMetre = 1 / (M * Math.cos(centre.lat * RAD));
    home = { lat: centre.lat, lon: lon - d * perMetre };
    across = { lat: centre.lat, lon: lon + d * perMetre };
  }
  return { rng, offset, cell, home, other: cellOf(across.lat, across.lon, level, offset) };
}

describe('a boundary dweller', () => {
  for (const [li, level] of COARSE_LEVELS.entries()) {
    for (const [ei, edge] of EDGES.entries()) {
      for (const [di, d] of DISTANCES_M.entries()) {
        const seed = SEED + li * 100 + ei * 10 + di;
        it(`${level}, ${d} m inside ${edge === 'antimeridian' ? 'the antimeridian' : `a ${edge} edge`}, 24 h at σ = 10 m: 0 flips shielded, > 100 naive`, () => {
          const { rng, offset, cell, home, other } = homeNearEdge(edge, d, level, seed);
          const why = `seed ${seed} ${level} ${edge} d=${d}`;
          expect(cellOf(home.lat, home.lon, level, offset), why).toEqual(cell);
          expect(other, why).not.toEqual(cell);
          if (edge === 'antimeridian') expect(other, why).toEqual({ row: cell.row, col: 0 });

          const run = simulatePerson({
            level,
            offset,
            rng,
            at: () => home,
            startMs: 1_750_000_000_000 + Math.floor(rng.between(0, DAY_MS)),
            durationMs: DAY_MS,
            fixEveryMs: 10_000,
            tickEveryMs: 15_000,
            sigmaM: 10,
          });
          const naive = countFlips(run.fixes.map((f) => f.naive));
          const shielded = countFlips(run.ticks.map((t) => t.cell));
          console.log(`boundary dweller ${level} d=${d} m (${edge} edge): naive flips ${naive}, shielded ${shielded}`);
          expect(run.fixes.length, why).toBe(8_641);
          expect(naive, why).toBeGreaterThan(100);
          expect(shielded, why).toBe(0);
          expect(run.commits.length, why).toBe(1);
          expect([JSON.stringify(cell), JSON.stringify(other)], why).toContain(JSON.stringify(run.commits[0]!.cell));
        });
      }
    }
  }
});
