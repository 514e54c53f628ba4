// What the Trail screen draws of a day (issue 13): an exact day as a line through every fix in order, with
// its ends as points; an area day as the rectangles of the cells visited and nothing else — every corner on
// the grid's lattice, no line, no point, no coordinate of a fix; a damaged chunk never drawn, only listed.
import type { TrailEntry } from '@entwine/client';
import { type AreaLevel, cellBounds, cellVisits, GRID, gridOffset, METRES_PER_DEGREE, type TrailFix } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { trailDrawing } from './trail-features.ts';

const DAY = 20_600; // 2026-05-27
const START = DAY * 86_400_000 + 10 * 3_600_000;
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 7 * i);

/** A walk east then north from Zurich's centre, a fix every 30 s for an hour. */
const WALK: TrailFix[] = Array.from({ length: 121 }, (_, i) => {
  const east = Math.min(i, 60) * 25;
  const north = Math.max(0, i - 60) * 25;
  return {
    ts: START + i * 30_000,
    lat: 47.3769 + north / 111_320,
    lon: 8.5417 + east / (111_320 * Math.cos((47.3769 * Math.PI) / 180)),
    acc: 5,
  };
});

const exactEntry = (fixes: TrailFix[], revision = '1'): TrailEntry => ({
  day: DAY,
  senderDevice: 'dev-a',
  revision,
  trail: { day: DAY, level: 'exact', fixes },
});

function areaEntry(level: AreaLevel): TrailEntry {
  const { visits } = cellVisits({ day: DAY, fixes: WALK, level, offset: gridOffset(KEY, level), tickMs: 15_000 });
  return { day: DAY, senderDevice: 'dev-a', revision: '1', trail: { day: DAY, level, visits } };
}

describe('trailDrawing', () => {
  it('draws an exact day as one line through every fix in order, its ends as points, and no cell', () => {
    const d = trailDrawing([exactEntry(WALK)]);
    expect(d.line.features).toHaveLength(1);
    const [line] = d.line.features;
    expect(line?.geometry.coordinates).toEqual(WALK.map((f) => [f.lon, f.lat]));
    expect(line?.properties).toMatchObject({ points: 121, first: WALK[0]?.ts, last: WALK[120]?.ts });
    expect(d.points.features.map((p) => [p.properties?.end, p.geometry.coordinates])).toEqual([
      ['start', [WALK[0]?.lon, WALK[0]?.lat]],
      ['end', [WALK[120]?.lon, WALK[120]?.lat]],
    ]);
    expect(d.cells.features).toEqual([]);
    expect(d.visits).toEqual([]);
    expect(d.routes).toEqual([{ senderDevice: 'dev-a', points: 121, first: WALK[0]?.ts, last: WALK[120]?.ts }]);
    const lats = WALK.map((f) => f.lat);
    const lons = WALK.map((f) => f.lon);
    expect(d.bounds).toEqual([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
  });

  it('draws a single fix as its point only (a line needs two)', () => {
    const d = trailDrawing([exactEntry(WALK.slice(0, 1))]);
    expect(d.line.features).toEqual([]);
    expect(d.points.features).toHaveLength(1);
  });

  for (const level of ['street', 'neighbourhood', 'city'] as const) {
    it(`draws a ${level} day as the cells visited only: every corner on the grid's lattice, no line, no point, no fix`, () => {
      const entry = areaEntry(level);
      if ('damaged' in entry || entry.trail.level === 'exact') throw new Error('expected an area day');
      const visits = entry.trail.visits;
      expect(visits.length).toBeGreaterThan(0);
      const d = trailDrawing([entry]);
      expect(d.line.features).toEqual([]);
      expect(d.points.features).toEqual([]);
      expect(d.cells.features).toHaveLength(visits.length);
      expect(d.visits.map((v) => [v.row, v.col, v.enter, v.leave])).toEqual(visits.map((v) => [v.cell.row, v.cell.col, v.enter, v.leave]));
      const dLat = GRID[level].pitchM / METRES_PER_DEGREE;
      for (const [i, cell] of d.cells.features.entries()) {
        const b = cellBounds((visits[i] as (typeof visits)[number]).cell, level);
        expect(cell.geometry.coordinates).toEqual([
          [
            [b.west, b.south],
            [b.east, b.south],
            [b.east, b.north],
            [b.west, b.north],
            [b.west, b.south],
          ],
        ]);
        for (const [, lat] of cell.geometry.coordinates[0] ?? []) {
          const k = (lat as number) / dLat;
          expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
        }
      }
      // The control: the fixes themselves are off the lattice, so the check above would catch a fix drawn.
      const onLattice = WALK.filter((f) => Math.abs(f.lat / dLat - Math.round(f.lat / dLat)) < 1e-9);
      expect(onLattice).toEqual([]);
      const fixes = new Set(WALK.map((f) => `${f.lon},${f.lat}`));
      const corners = d.cells.features.flatMap((c) => c.geometry.coordinates.flat());
      expect(corners.filter(([lon, lat]) => fixes.has(`${lon},${lat}`))).toEqual([]);
    });
  }

  it('lists a damaged chunk as damaged and draws nothing of it', () => {
    const d = trailDrawing([
      { day: DAY, senderDevice: 'dev-a', damaged: 'forged' },
      { day: DAY, senderDevice: 'dev-b', damaged: 'newer-version' },
    ]);
    expect(d.damaged).toEqual([
      { senderDevice: 'dev-a', reason: 'forged' },
      { senderDevice: 'dev-b', reason: 'newer-version' },
    ]);
    expect([d.line.features, d.points.features, d.cells.features]).toEqual([[], [], []]);
    expect(d.bounds).toBeUndefined();
  });

  it('draws the genuine chunks of a day beside a damaged one, and nothing for an empty day', () => {
    const d = trailDrawing([{ day: DAY, senderDevice: 'dev-b', damaged: 'stale' }, exactEntry(WALK)]);
    expect(d.line.features).toHaveLength(1);
    expect(d.damaged).toHaveLength(1);
    const empty = trailDrawing([]);
    expect([empty.line.features, empty.points.features, empty.cells.features, empty.bounds]).toEqual([[], [], [], undefined]);
  });

  it('keys a drawing by its chunks: a newer revision of the day is a new key, the same read again is not', () => {
    expect(trailDrawing([exactEntry(WALK, '5')]).key).toBe(trailDrawing([exactEntry(WALK, '5')]).key);
    expect(trailDrawing([exactEntry(WALK, '6')]).key).not.toBe(trailDrawing([exactEntry(WALK, '5')]).key);
  });
});
