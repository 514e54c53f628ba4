/**
 * What a partner at each level gets of the sender's stays (decision 0017), with no leak: at an area level a
 * stay's cell is always one of the visits' cells (the cell shown, not the cell of the stay's centre), a stay
 * overlapping no visit is dropped, times are ticks rounded outward, and no trip carries a distance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { destination } from '../geo.ts';
import { type Cell, cellOf, gridOffset } from '../shield/grid.ts';
import { AREA_LEVELS } from '../shield/levels.ts';
import { detectDay, initialStayState, type Stay, settleStays, type Trip } from '../stays/detect-day.ts';
import { cellVisits } from './cell-visits.ts';
import { areaStaysOf, exactStaysOf } from './stays-at-level.ts';
import { type CellVisit, dayStartMs } from './trail-day.ts';

const START = dayStartMs(20_428);
const MIN = 60_000;
const TICK = 15_000;
const stay = (start: number, end: number, lat = 47.3769, lon = 8.5417): Stay => ({
  start,
  end,
  lat,
  lon,
  radiusM: 50,
  points: 40,
  confidence: 0.93,
});
const trip = (start: number, end: number): Trip => ({
  start,
  end,
  durationMs: end - start,
  distanceM: 1234.6,
  from: { lat: 47.37, lon: 8.54 },
  to: { lat: 47.39, lon: 8.51 },
  points: 30,
  mode: 'walk',
  medianSpeed: 1.3,
  p90Speed: 1.6,
});
const A: Cell = { row: 10, col: 20 };
const B: Cell = { row: 10, col: 21 };

describe('stays at a level', () => {
  it('exact: centre, radius, confidence; trips with whole-metre distance and nothing of the route', () => {
    const out = exactStaysOf([stay(START, START + 60 * MIN)], [trip(START + 60 * MIN, START + 80 * MIN)]);
    expect(out.stays).toEqual([{ start: START, end: START + 60 * MIN, confidence: 0.93, lat: 47.3769, lon: 8.5417, radiusM: 50 }]);
    expect(out.trips).toEqual([{ start: START + 60 * MIN, end: START + 80 * MIN, mode: 'walk', distanceM: 1235 }]);
  });

  it('area: the visit overlapping the stay longest gives the cell; times are ticks rounded outward; a trip has no distance', () => {
    const visits: CellVisit[] = [
      { cell: A, enter: START, leave: START + 10 * MIN },
      { cell: B, enter: START + 10 * MIN, leave: START + 90 * MIN },
    ];
    const out = areaStaysOf({
      stays: [stay(START + 5 * MIN + 1234, START + 70 * MIN + 7)],
      trips: [trip(START + 70 * MIN + 7, START + 80 * MIN + 1)],
      level: 'neighbourhood',
      visits,
      tickMs: TICK,
    });
    expect(out.stays).toEqual([{ start: START + 5 * MIN, end: START + 70 * MIN + TICK, confidence: 0.93, cell: B }]);
    expect(out.trips).toEqual([{ start: START + 70 * MIN, end: START + 80 * MIN + TICK, mode: 'walk' }]);
  });

  it('a stay near a cell edge yields the shown cell, not the cell of its centre', () => {
    const offset = gridOffset(new Uint8Array(32).fill(7), 'neighbourhood');
    // The stay's centre lies in one cell, but live showed the neighbour (hysteresis kept the committed cell).
    const centre = { lat: 47.3769, lon: 8.5417 };
    const own = cellOf(centre.lat, centre.lon, 'neighbourhood', offset);
    const shown: Cell = { row: own.row, col: own.col + 1 };
    const out = areaStaysOf({
      stays: [stay(START, START + 60 * MIN, centre.lat, centre.lon)],
      trips: [],
      level: 'neighbourhood',
      visits: [{ cell: shown, enter: START, leave: START + 60 * MIN }],
      tickMs: TICK,
    });
    expect(out.stays.map((s) => s.cell)).toEqual([shown]);
  });

  it('end to end at street level: a stay 10 m over a cell edge (inside the hysteresis) is named by the cell live showed', () => {
    const offset = gridOffset(new Uint8Array(32).fill(9), 'street');
    // Walk east 1 m at a time from a point to the east edge of its cell.
    const west = { lat: 47.3769, lon: 8.5417 };
    const a = cellOf(west.lat, west.lon, 'street', offset);
    let edge = west;
    while (cellOf(edge.lat, edge.lon, 'street', offset).col === a.col) edge = destination(edge, 90, 1);
    const inA = destination(edge, 270, 50);
    const overEdge = destination(edge, 90, 10); // in the next cell, but 10 m < the 25 m hysteresis margin
    expect(cellOf(inA.lat, inA.lon, 'street', offset)).toEqual(a);
    const b = cellOf(overEdge.lat, overEdge.lon, 'street', offset);
    expect(b).not.toEqual(a);
    const at = (p: { lat: number; lon: number }, from: number, minutes: number) =>
      Array.from({ length: minutes * 2 }, (_, i) => ({ ts: from + i * 30_000, lat: p.lat, lon: p.lon, acc: 5 }));
    const fixes = [...at(inA, START + 8 * 60 * MIN, 30), ...at(overEdge, START + 8 * 60 * MIN + 31 * MIN, 60)];
    const detected = detectDay(initialStayState(), fixes);
    const open = settleStays(detected.state);
    const stays = [...detected.stays, ...open.stays];
    expect(stays).toHaveLength(2);
    expect(cellOf((stays[1] as Stay).lat, (stays[1] as Stay).lon, 'street', offset)).toEqual(b); // its centre is in b
    const { visits } = cellVisits({ day: 20_428, fixes, level: 'street', offset, tickMs: TICK });
    expect(visits.map((v) => v.cell)).toEqual([a]); // live never showed b
    const out = areaStaysOf({ stays, trips: [...detected.trips, ...open.trips], level: 'street', visits, tickMs: TICK });
    expect(out.stays.map((s) => s.cell)).toEqual([a, a]);
  });

  it('a stay or trip overlapping no visit is dropped: nothing at a time the partner was shown nothing', () => {
    const out = areaStaysOf({
      stays: [stay(START + 100 * MIN, START + 160 * MIN)],
      trips: [trip(START + 160 * MIN, START + 170 * MIN)],
      level: 'city',
      visits: [{ cell: A, enter: START, leave: START + 90 * MIN }],
      tickMs: TICK,
    });
    expect(out).toEqual({ stays: [], trips: [] });
  });

  it('whatever the stays and visits, every cell stay names a visit’s cell and no trip has a distance (seeded property)', async () => {
    const cellArb = fc.record({ row: fc.integer({ min: -50, max: 50 }), col: fc.integer({ min: 0, max: 100 }) });
    const spanArb = fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 300 }));
    await checkProperty(
      fc.property(
        fc.array(fc.tuple(cellArb, spanArb), { maxLength: 12 }),
        fc.array(spanArb, { maxLength: 8 }),
        fc.constantFrom(...AREA_LEVELS),
        (rawVisits, rawStays, level) => {
          const visits = rawVisits.map(([cell, [at, len]]) => ({ cell, enter: START + at * MIN, leave: START + (at + len) * MIN }));
          const stays = rawStays.map(([at, len]) => stay(START + at * MIN + 17, START + (at + len) * MIN + 17));
          const trips = rawStays.map(([at, len]) => trip(START + at * MIN, START + (at + len) * MIN));
          const out = areaStaysOf({ stays, trips, level, visits, tickMs: TICK });
          const shown = new Set(visits.map((v) => `${v.cell.row}/${v.cell.col}`));
          for (const s of out.stays) {
            expect(shown.has(`${s.cell.row}/${s.cell.col}`)).toBe(true);
            expect(Object.keys(s).sort()).toEqual(['cell', 'confidence', 'end', 'start']);
            expect(s.start % TICK).toBe(0);
            expect(s.end % TICK).toBe(0);
          }
          for (const t of out.trips) expect(Object.keys(t).sort()).toEqual(['end', 'mode', 'start']);
        },
      ),
      { numRuns: 300 },
    );
  });
});
