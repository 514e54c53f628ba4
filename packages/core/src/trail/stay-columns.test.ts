/**
 * Stays and trips in a day chunk (`columns-deflate-2`, decision 0017): they round-trip at every level; a day
 * without them is still `columns-deflate-1` and reads with neither; absent and empty stay apart; the caps hold
 * on both sides; an area day can carry no trip distance; and damage anywhere in the new columns is `damaged`,
 * never a crash.
 */
import fc from 'fast-check';
import { deflateSync } from 'fflate/browser';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { concatBytes, utf8Decode, utf8Encode } from '../bytes.ts';
import { MAX_TRAIL_DAY_STAYS } from '../schema/trail.ts';
import { decodeTrailDay, encodeTrailDay } from './day-codec.ts';
import { type CellStay, DAY_MS, type DayTrip, dayStartMs, type ExactStay, type TrailDay } from './trail-day.ts';
import { ByteWriter } from './varint.ts';

const DAY = 20_428;
const START = dayStartMs(DAY);
const H = 3_600_000;

const decoded = (trail: TrailDay) => {
  const result = decodeTrailDay(encodeTrailDay(trail), trail.day);
  if (!result.ok) throw new Error(result.error);
  return result.trail;
};
const headerOf = (bytes: Uint8Array) => JSON.parse(utf8Decode(bytes.subarray(2, 2 + ((bytes[0] as number) << 8) + (bytes[1] as number))));
const withHeader = (header: unknown, body: Uint8Array) => {
  const json = utf8Encode(JSON.stringify(header));
  return concatBytes(new Uint8Array([json.length >> 8, json.length & 0xff]), json, deflateSync(body));
};
const damaged = (bytes: Uint8Array) => {
  const r = decodeTrailDay(bytes, DAY);
  expect(r.ok).toBe(false);
  return r.ok ? '' : `${r.reason}: ${r.error}`;
};

const home: ExactStay = { start: START - 8 * H, end: START + 7 * H, confidence: 1, lat: 47.3769, lon: 8.5417, radiusM: 50 };
const office: ExactStay = { start: START + 8 * H, end: START + 17 * H, confidence: 0.87, lat: 47.3902, lon: 8.5155, radiusM: 76 };
const trips: DayTrip[] = [{ start: START + 7 * H, end: START + 8 * H, mode: 'cycle', distanceM: 4210 }];
const fix = { ts: START + 1000, lat: 47.3769, lon: 8.5417 };

describe('trail-day stays and trips', () => {
  it('round-trip at exact, a stay over midnight keeping its times outside the day', () => {
    const trail: TrailDay = { day: DAY, level: 'exact', fixes: [fix], stays: [home, office], trips };
    expect(decoded(trail)).toEqual(trail);
    expect(headerOf(encodeTrailDay(trail))).toMatchObject({ encoding: 'columns-deflate-2', stays: 2, trips: 1 });
  });

  it('round-trip at an area level: cells with times and modes, no distance', () => {
    const cell = { row: 526, col: 113 };
    const stays: CellStay[] = [{ start: START, end: START + 2 * H, confidence: 0.5, cell }];
    const trail: TrailDay = {
      day: DAY,
      level: 'city',
      visits: [{ cell, enter: START, leave: START + 3 * H }],
      stays,
      trips: [{ start: START + 2 * H, end: START + 3 * H, mode: 'walk' }],
    };
    expect(decoded(trail)).toEqual(trail);
    expect(() => encodeTrailDay({ ...trail, trips: [{ start: START, end: START + 1, mode: 'walk', distanceM: 9 }] })).toThrow(
      /expected none at an area level/,
    );
  });

  it('absent stays the older encoding; [] is derived-none and stays apart from absent', () => {
    const bare: TrailDay = { day: DAY, level: 'exact', fixes: [fix] };
    expect(headerOf(encodeTrailDay(bare)).encoding).toBe('columns-deflate-1');
    expect(decoded(bare)).toEqual(bare);
    expect(decoded({ ...bare, stays: [], trips: [] })).toEqual({ ...bare, stays: [], trips: [] });
    expect(decoded({ ...bare, stays: [] })).toEqual({ ...bare, stays: [] });
  });

  it('trips carry distance on all or none at exact', () => {
    const two: DayTrip[] = [trips[0] as DayTrip, { start: START + 17 * H, end: START + 18 * H, mode: 'walk' }];
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [], trips: two })).toThrow(/every trip or none/);
    const none = two.map(({ distanceM: _, ...t }) => t);
    expect(decoded({ day: DAY, level: 'exact', fixes: [], trips: none }).trips).toEqual(none);
  });

  it('the encoder refuses what it cannot carry: too many stays, a span off the day, starts going back, a bad cell', () => {
    const many = Array.from({ length: MAX_TRAIL_DAY_STAYS + 1 }, (_, i) => ({ ...home, start: START + i, end: START + i }));
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [], stays: many })).toThrow(/expected at most 288/);
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [], stays: [{ ...home, end: START - 1 }] })).toThrow(
      /overlapping the day/,
    );
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [], stays: [office, home] })).toThrow(/start: expected at least/);
    expect(() =>
      encodeTrailDay({
        day: DAY,
        level: 'city',
        visits: [],
        stays: [{ start: START, end: START, confidence: 1, cell: { row: 1e9, col: 0 } }],
      }),
    ).toThrow(RangeError);
  });

  it('damaged columns are damaged: a stay off the day, a confidence over 100, a mode out of range, a distance at an area level', () => {
    const exact = { kind: 'trail-day', day: DAY, level: 'exact', count: 0, encoding: 'columns-deflate-2' };
    const body = (fill: (w: ByteWriter) => void) => {
      const w = new ByteWriter();
      w.byte(0); // fix flags, no fixes
      fill(w);
      return w.finish();
    };
    // start −2 days, lasting 1 h: ends before the day.
    const offDay = body((w) => {
      w.svarint(-2 * DAY_MS);
      w.uvarint(H);
      w.byte(50);
      w.svarint(0);
      w.svarint(0);
      w.uvarint(50);
    });
    expect(damaged(withHeader({ ...exact, stays: 1 }, offDay))).toMatch(/^damaged: trail-day stay 0: expected a span overlapping the day/);
    const overConfident = body((w) => {
      w.svarint(0);
      w.uvarint(H);
      w.byte(101);
      w.svarint(0);
      w.svarint(0);
      w.uvarint(50);
    });
    expect(damaged(withHeader({ ...exact, stays: 1 }, overConfident))).toMatch(/confidence: expected 0 to 100/);
    const badMode = body((w) => {
      w.svarint(0);
      w.uvarint(H);
      w.byte(9);
      w.byte(0);
    });
    expect(damaged(withHeader({ ...exact, trips: 1 }, badMode))).toMatch(/mode: expected 0 to 4, got 9/);
    // At an area level the trip columns end after the mode: a distance byte is left over.
    const area = { kind: 'trail-day', day: DAY, level: 'city', count: 0, encoding: 'columns-deflate-2', trips: 1 };
    const w = new ByteWriter();
    w.svarint(0);
    w.uvarint(H);
    w.byte(1);
    w.byte(1);
    w.uvarint(500);
    expect(damaged(withHeader(area, w.finish()))).toMatch(/^damaged: trail-day: expected/);
    // stays or trips in a -1 header, or over the cap, are a header fault.
    expect(
      damaged(
        withHeader(
          { ...exact, encoding: 'columns-deflate-1', stays: 0 },
          body(() => {}),
        ),
      ),
    ).toMatch(/^damaged: trail-day header/);
    expect(
      damaged(
        withHeader(
          { ...exact, stays: MAX_TRAIL_DAY_STAYS + 1 },
          body(() => {}),
        ),
      ),
    ).toMatch(/^damaged: trail-day header/);
  });

  it('any byte flipped or cut in a day with stays and trips reads as damaged (or newer-version) or as a valid day, never a throw (seeded property)', async () => {
    const plain = encodeTrailDay({ day: DAY, level: 'exact', fixes: [fix], stays: [home, office], trips });
    await checkProperty(
      fc.property(fc.nat(plain.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(plain.length), (at, flip, cut) => {
        const bytes = plain.slice(0, Math.max(1, cut));
        if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ flip;
        const r = decodeTrailDay(bytes, DAY);
        // A flip inside the encoding's name reads as a later client's encoding.
        if (!r.ok) expect(['damaged', 'newer-version']).toContain(r.reason);
      }),
      { numRuns: 400 },
    );
  });
});
