import type { TrailDay } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { addDay, densityFeatures, EXACT_SQUARE_M, emptyDensity } from './trail-density.ts';

const DAY = 20_000;
const T0 = DAY * 86_400_000;

describe('trail density', () => {
  it('sums a day of 10k fixes into a handful of squares, weighted by time spent', () => {
    // 10,000 fixes a second apart, creeping 1 m east each: about 10 km over 50 squares of 200 m.
    const fixes = Array.from({ length: 10_000 }, (_, i) => ({
      ts: T0 + i * 1_000,
      lat: 47,
      lon: 8 + i / (111_320 * Math.cos((47 * Math.PI) / 180)),
    }));
    const grid = emptyDensity();
    addDay(grid, { day: DAY, level: 'exact', fixes });
    const { points, bounds } = densityFeatures(grid);
    expect(points.features.length).toBeLessThanOrEqual(Math.ceil(10_000 / EXACT_SQUARE_M) + 2);
    expect(points.features.length).toBeGreaterThan(40);
    const hours = points.features.reduce((sum, f) => sum + (f.properties?.hours as number), 0);
    expect(hours).toBeCloseTo((9_999 + 60) / 3_600, 3);
    expect(bounds).toBeDefined();
  });

  it('counts an area day by its cells only: one point per cell, at the cell’s centre', () => {
    const day: TrailDay = {
      day: DAY,
      level: 'neighbourhood',
      visits: [
        { cell: { row: 5_000, col: 600 }, enter: T0, leave: T0 + 3_600_000 },
        { cell: { row: 5_000, col: 600 }, enter: T0 + 7_200_000, leave: T0 + 9_000_000 },
        { cell: { row: 5_001, col: 600 }, enter: T0 + 3_600_000, leave: T0 + 7_200_000 },
      ],
    };
    const grid = emptyDensity();
    addDay(grid, day);
    const { points } = densityFeatures(grid);
    expect(points.features.map((f) => f.properties?.hours).sort()).toEqual([1, 1.5]);
  });
});
