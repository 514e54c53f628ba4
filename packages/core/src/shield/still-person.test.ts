/**
 * Acceptance 1 (research §5.2 T9, §3.1): a person who stays put is shown one cell, whatever the GPS does,
 * so a partner who averages everything they were ever shown gets no closer than a single report. The
 * control is fresh noise on every update, which averages away towards the front door.
 */
import { describe, expect, it } from 'vitest';
import { METRES_PER_DEGREE, metresPerDegreeLon } from '../geo.ts';
import { COARSE_LEVELS, cellCentre, GRID, gridOffset, metresOutside, sameCell } from './grid.ts';
import { seeded } from './test-support/seeded.ts';
import { metresBetween, type Point } from './test-support/sim-geometry.ts';
import { countFlips, simulatePerson } from './test-support/simulate-person.ts';

const SEED = 0x5eed_0100;
const PLACES = 24;
const FIXES = 10_000;
const FIX_EVERY_MS = 10_000;
const TICK_EVERY_MS = 15_000;
const SIGMA_M = 10;

const mean = (points: readonly Point[]): Point => ({
  lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
  lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
});
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('a still person', () => {
  for (const [i, level] of COARSE_LEVELS.entries()) {
    it(`${level}: sees one published cell over ${FIXES} fixes at each of ${PLACES} places; averaging gains nothing, unlike fresh noise`, () => {
      const seed = SEED + i;
      const rng = seeded(seed);
      const G = GRID[level].pitchM;
      const control = { single: [] as number[], averaged: [] as number[] };
      const shieldErrors: number[] = [];
      let reports = 0;
      for (let place = 0; place < PLACES; place++) {
        const why = `seed ${seed} ${level} place ${place}`;
        const truth = { lat: rng.between(-75, 75), lon: rng.between(-180, 180) };
        const offset = gridOffset(rng.bytes(32), level);
        const run = simulatePerson({
          level,
          offset,
          rng,
          at: () => truth,
          startMs: 1_750_000_000_000 + Math.floor(rng.between(0, 86_400_000)),
          durationMs: (FIXES - 1) * FIX_EVERY_MS,
          fixEveryMs: FIX_EVERY_MS,
          tickEveryMs: TICK_EVERY_MS,
          sigmaM: SIGMA_M,
        });
        expect(run.fixes.length, why).toBe(FIXES);
        const published = run.ticks.flatMap((t) => (t.cell === undefined ? [] : [t.cell]));
        expect(published.length, why).toBeGreaterThan(6_000);
        expect(countFlips(published), why).toBe(0);
        const first = published[0]!;
        expect(published.filter((cell) => !sameCell(cell, first)).length, why).toBe(0);

        const centres = published.map((cell) => cellCentre(cell, level));
        const single = metresBetween(centres[0]!, truth);
        const averaged = metresBetween(mean(centres), truth);
        expect(averaged, why).toBeCloseTo(single, 3);
        shieldErrors.push(averaged);
        // The shown centre is within the offset, half a cell and the first fix's noise of the truth, per axis.
        expect(single, why).toBeLessThan(Math.SQRT2 * (0.76 * G + 4 * SIGMA_M));
        // The first accepted fix is committed at once; the truth is within the noise of that cell.
        expect(first, why).toEqual(run.fixes[0]!.naive);
        expect(metresOutside(truth.lat, truth.lon, first, level, offset), why).toBeLessThan(5 * SIGMA_M);

        // Control: the same ticks, each showing the truth plus fresh Gaussian noise of G/2 per axis.
        const noisy = run.ticks.map(() => ({
          lat: truth.lat + rng.gaussian(G / 2) / METRES_PER_DEGREE,
          lon: truth.lon + rng.gaussian(G / 2) / metresPerDegreeLon(truth.lat),
        }));
        reports = noisy.length;
        control.single.push(metresBetween(noisy[0]!, truth));
        control.averaged.push(metresBetween(mean(noisy), truth));
      }
      // Fresh noise averages away: ~6 700 reports put the mean within a few per cent of G of the truth,
      // while a single report is off by about G/2 · 1.18 (the Rayleigh median).
      const worstAveraged = Math.max(...control.averaged);
      console.log(
        `still person ${level}: shielded error of the mean = of one report (median ${median(shieldErrors).toFixed(0)} m); ` +
          `fresh-noise control: one report ${median(control.single).toFixed(0)} m, mean of ~${reports} ≤ ${worstAveraged.toFixed(1)} m`,
      );
      expect(worstAveraged, `seed ${seed} ${level}: control mean errors ${control.averaged}`).toBeLessThan(G / 20);
      expect(median(control.single), `seed ${seed} ${level}: control single errors ${control.single}`).toBeGreaterThan(G / 4);
      expect(worstAveraged, `seed ${seed} ${level}`).toBeLessThan(median(control.single) / 5);
    });
  }
});
