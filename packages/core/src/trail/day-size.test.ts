/**
 * What a day costs on the relay: the sealed chunk of a synthetic commute day and of a still day
 * (`test-support/synthetic-day.ts`), at one fix per 15 s and per 10 s, exact and at each area level. Printed (the numbers in decision 0014 and the
 * issue's benchmark come from here) and held to the buckets they land in, so a change to the codec that
 * makes a day cost more fails here first. Run: npx vitest run packages/core/src/trail/day-size.test.ts
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gridOffset } from '../shield/grid.ts';
import { AREA_LEVELS, type AreaLevel } from '../shield/levels.ts';
import { cellVisits } from './cell-visits.ts';
import { CHUNK_OVERHEAD } from './chunk.ts';
import { encodeTrailDay } from './day-codec.ts';
import { chunkPaddedLength } from './pad-chunk.ts';
import { commuteDay, stillDay } from './test-support/synthetic-day.ts';
import type { TrailFix } from './trail-day.ts';

const DAY = 20_428;
const KEY = new Uint8Array(32).fill(0x2a);
const TICK = 15_000;

interface Size {
  entries: number;
  plaintext: number;
  chunk: number;
}
const sized = (plaintext: Uint8Array, entries: number): Size => ({
  entries,
  plaintext: plaintext.length,
  chunk: CHUNK_OVERHEAD + chunkPaddedLength(plaintext.length),
});

const exact = (fixes: TrailFix[]) => sized(encodeTrailDay({ day: DAY, level: 'exact', fixes }), fixes.length);
function area(fixes: TrailFix[], level: AreaLevel): Size {
  const { visits } = cellVisits({ day: DAY, fixes, level, offset: gridOffset(KEY, level), tickMs: TICK });
  return sized(encodeTrailDay({ day: DAY, level, visits }), visits.length);
}

const table: Record<string, Size> = {};
const KiB = 1024;

describe('what one day costs', () => {
  // Exact costs about 5 bytes a fix (lat and lon are most of it: GPS noise at 1e-7° does not compress), so
  // a day at 15 s fills a 32 KiB chunk and at 10 s a 64 KiB one; a still person costs nearly as much at exact.
  it.each([
    [15_000, 32],
    [10_000, 64],
  ])('a commute day at one fix per %i ms: exact in a %i KiB chunk, every area level in 1 KiB', (every, kib) => {
    const fixes = commuteDay(DAY, every);
    const e = exact(fixes);
    table[`commute, 1 fix / ${every / 1000} s, exact`] = e;
    expect(e.chunk).toBe(CHUNK_OVERHEAD + kib * KiB);
    for (const level of AREA_LEVELS) {
      const a = area(fixes, level);
      table[`commute, 1 fix / ${every / 1000} s, ${level}`] = a;
      expect(a.chunk).toBe(CHUNK_OVERHEAD + KiB);
    }
  });

  it.each([
    [15_000, 32],
    [10_000, 64],
  ])('a still day at one fix per %i ms: exact in a %i KiB chunk, one visit in 1 KiB at every area level', (every, kib) => {
    const fixes = stillDay(DAY, every);
    const e = exact(fixes);
    table[`still, 1 fix / ${every / 1000} s, exact`] = e;
    expect(e.chunk).toBe(CHUNK_OVERHEAD + kib * KiB);
    for (const level of AREA_LEVELS) {
      const a = area(fixes, level);
      table[`still, 1 fix / ${every / 1000} s, ${level}`] = a;
      expect(a.entries).toBe(1);
      expect(a.chunk).toBe(CHUNK_OVERHEAD + KiB);
    }
  });
});

afterAll(() => {
  const rows = Object.entries(table).map(([k, s]) => `${k} — ${s.entries} — ${s.plaintext} — ${s.chunk}`);
  console.log(['day, fixes, level — entries — plaintext bytes — sealed chunk bytes', ...rows].join('\n'));
});
