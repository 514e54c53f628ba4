/**
 * A coarse trail tells no more than the live location did: every visit's cell is the cell live publishing
 * (`observeAreas` on each fix, `publishArea` on each tick — the client's own calls) showed at every tick of
 * the visit, the visits cover exactly the ticks live published, their times are publish ticks (a change
 * of cell on a quantum's first tick), never a fix's time, and a visit holds a cell and nothing finer.
 * A person living on a cell edge gets one visit, where plain snapping (the control) would cut hundreds.
 */
import { describe, expect, it } from 'vitest';
import { METRES_PER_DEGREE as M } from '../geo.ts';
import { type Area, type AreaStates, areaOf, observeAreas, publishArea } from '../shield/area.ts';
import { cellOf, GRID, gridOffset, sameCell } from '../shield/grid.ts';
import { AREA_LEVELS, type AreaLevel } from '../shield/levels.ts';
import { seeded } from '../shield/test-support/seeded.ts';
import { jitter, northEdgeLat, trueCentre } from '../shield/test-support/sim-geometry.ts';
import { countFlips } from '../shield/test-support/simulate-person.ts';
import { cellVisits } from './cell-visits.ts';
import { commuteDay } from './test-support/synthetic-day.ts';
import { DAY_MS, dayStartMs, type TrailFix } from './trail-day.ts';

const DAY = 20_428;
const START = dayStartMs(DAY);
const KEY = new Uint8Array(32).fill(0x2a);
const TICK = 15_000;

/** Live publishing over the fixes, as the client does it: every fix observed when taken, a publish every tick. */
function live(fixes: readonly TrailFix[], level: AreaLevel, from: number, to: number): Map<number, Area | undefined> {
  let states: AreaStates = {};
  const shown = new Map<number, Area | undefined>();
  let next = 0;
  for (let tick = Math.ceil(from / TICK) * TICK; tick <= to; tick += TICK) {
    while (next < fixes.length && (fixes[next] as TrailFix).ts <= tick) states = observeAreas(states, fixes[next++] as TrailFix, KEY);
    const published = publishArea(states, level, tick);
    states = published.states;
    shown.set(tick, published.area);
  }
  return shown;
}

describe('cell visits of a commute day', () => {
  const fixes = commuteDay(DAY, 10_000);

  it.each(AREA_LEVELS)('%s: each visit is the cell live showed at each of its ticks, and they cover every tick live published', (level) => {
    const { visits } = cellVisits({ day: DAY, fixes, level, offset: gridOffset(KEY, level), tickMs: TICK });
    const shown = live(fixes, level, (fixes[0] as TrailFix).ts, START + DAY_MS - 1);
    expect(visits.length).toBeGreaterThan(2); // the commute crosses cells at every level
    let covered = 0;
    for (const v of visits) {
      for (let tick = v.enter; tick < v.leave; tick += TICK) {
        expect(shown.get(tick), `${level} tick ${tick}`).toEqual(areaOf(v.cell, level));
        covered++;
      }
    }
    expect(covered).toBe([...shown.values()].filter((a) => a !== undefined).length);
  });

  it.each(AREA_LEVELS)('%s: a visit is a cell and two publish ticks — changes on a quantum’s first tick, nothing finer', (level) => {
    const { visits } = cellVisits({ day: DAY, fixes, level, offset: gridOffset(KEY, level), tickMs: TICK });
    for (const [i, v] of visits.entries()) {
      expect(Object.keys(v).sort()).toEqual(['cell', 'enter', 'leave']);
      expect(Object.keys(v.cell).sort()).toEqual(['col', 'row']);
      expect(v.enter % TICK).toBe(0);
      expect(v.leave === START + DAY_MS || v.leave % TICK === 0).toBe(true);
      if (i > 0) {
        expect(v.enter % GRID[level].quantumMs, `${level} visit ${i}`).toBe(0);
        expect(sameCell(v.cell, visits[i - 1]?.cell)).toBe(false);
        expect(v.enter).toBe(visits[i - 1]?.leave);
      }
    }
  });

  it('two days one after the other, the state carried over, are what one run over both would show', () => {
    const level = 'street';
    const offset = gridOffset(KEY, level);
    const next = commuteDay(DAY + 1, 15_000, 99);
    const first = cellVisits({ day: DAY, fixes, level, offset, tickMs: TICK });
    const second = cellVisits({ day: DAY + 1, fixes: next, level, offset, tickMs: TICK, state: first.state });
    const shown = live([...fixes, ...next], level, (fixes[0] as TrailFix).ts, START + 2 * DAY_MS - 1);
    for (const v of second.visits)
      for (let tick = v.enter; tick < v.leave; tick += TICK) expect(shown.get(tick)).toEqual(areaOf(v.cell, level));
  });
});

describe('cell visits and the shield’s rules', () => {
  it('a person 3 m from a street cell edge, σ = 4 m for a day, gets one visit; plain snapping flaps hundreds of times', () => {
    const level = 'street';
    const offset = gridOffset(KEY, level);
    const rng = seeded(0x7a11_0003);
    const cell = cellOf(47.3769, 8.5417, level, offset);
    const centre = trueCentre(cell, level, offset);
    const home = { lat: northEdgeLat(centre, GRID[level].pitchM, level, offset) - 3 / M, lon: centre.lon };
    const fixes: TrailFix[] = [];
    for (let t = 0; t < DAY_MS; t += 10_000) fixes.push({ ts: START + t, acc: 4, ...jitter(home, 4, rng) });
    const { visits } = cellVisits({ day: DAY, fixes, level, offset, tickMs: TICK });
    // The first fix commits whichever side of the edge it fell on; then no crossing is ever committed.
    const first = fixes[0] as TrailFix;
    expect(visits).toEqual([{ cell: cellOf(first.lat, first.lon, level, offset), enter: START, leave: START + DAY_MS }]);
    expect(countFlips(fixes.map((f) => cellOf(f.lat, f.lon, level, offset)))).toBeGreaterThan(100);
  });

  it('fixes less accurate than the level’s gate move nothing', () => {
    const level = 'street';
    const offset = gridOffset(KEY, level);
    const here = { lat: 47.3769, lon: 8.5417 };
    const far = { lat: 47.4769, lon: 8.5417 };
    const fixes: TrailFix[] = [];
    for (let t = 0; t < 3_600_000; t += 10_000)
      fixes.push({ ts: START + t, ...(t > 600_000 ? { ...far, acc: 500 } : { ...here, acc: 5 }) });
    const { visits } = cellVisits({ day: DAY, fixes, level, offset, tickMs: TICK });
    expect(visits.map((v) => v.cell)).toEqual([cellOf(here.lat, here.lon, level, offset)]);
  });

  it('no fixes: no visits and the state as it was; fixes out of order or outside the day are refused', () => {
    const offset = gridOffset(KEY, 'city');
    const state = { cur: { row: 1, col: 2 } };
    expect(cellVisits({ day: DAY, fixes: [], level: 'city', offset, tickMs: TICK, state })).toEqual({ visits: [], state });
    const a = { ts: START + 20, lat: 1, lon: 1 };
    expect(() => cellVisits({ day: DAY, fixes: [a, { ...a, ts: START + 10 }], level: 'city', offset, tickMs: TICK })).toThrow(RangeError);
    expect(() => cellVisits({ day: DAY, fixes: [{ ...a, ts: START + DAY_MS }], level: 'city', offset, tickMs: TICK })).toThrow(RangeError);
    expect(() => cellVisits({ day: DAY, fixes: [a], level: 'city', offset, tickMs: 0 })).toThrow('tickMs: expected a positive integer');
  });
});
