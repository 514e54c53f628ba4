/**
 * The trail-day plaintext: an exact day round-trips every fix (lat/lon to 1e-7°, time to the ms, the
 * optional fields in their units, absent ones absent); a coarse day round-trips its cells and times and
 * holds nothing else; decoding never throws, says `damaged` for any cut, flipped or inconsistent input with
 * the fault in words, and `newer-version` for an encoding it does not know.
 */
import fc from 'fast-check';
import { deflateSync } from 'fflate/browser';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { concatBytes, utf8Encode } from '../bytes.ts';
import { MAX_TRAIL_DAY_ENTRIES } from '../schema/trail.ts';
import { decodeTrailDay, encodeTrailDay } from './day-codec.ts';
import { commuteDay } from './test-support/synthetic-day.ts';
import { DAY_MS, dayStartMs, type TrailDay, type TrailFix } from './trail-day.ts';

const DAY = 20_428;
const START = dayStartMs(DAY);

const decoded = (trail: TrailDay) => {
  const result = decodeTrailDay(encodeTrailDay(trail), trail.day);
  if (!result.ok) throw new Error(result.error);
  return result.trail;
};

/** The plaintext with its JSON header replaced (and the body as given). */
const withHeader = (header: unknown, body: Uint8Array = deflateSync(new Uint8Array([0]))) => {
  const json = utf8Encode(JSON.stringify(header));
  return concatBytes(new Uint8Array([json.length >> 8, json.length & 0xff]), json, body);
};
const damaged = (bytes: Uint8Array, day = DAY) => {
  const r = decodeTrailDay(bytes, day);
  expect(r.ok).toBe(false);
  return r.ok ? '' : `${r.reason}: ${r.error}`;
};

const e7 = (v: number) => Math.round(v * 1e7) / 1e7;
const fixArb: fc.Arbitrary<TrailFix> = fc.record(
  {
    ts: fc.integer({ min: START, max: START + DAY_MS - 1 }),
    lat: fc.integer({ min: -900_000_000, max: 900_000_000 }).map((n) => n / 1e7),
    lon: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }).map((n) => n / 1e7),
    acc: fc.integer({ min: 0, max: 1_000_000 }),
    speed: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100),
    alt: fc.integer({ min: -100_000, max: 1_000_000 }).map((n) => n / 10),
    bearing: fc.integer({ min: 0, max: 3600 }).map((n) => n / 10),
  },
  { requiredKeys: ['ts', 'lat', 'lon'] },
);

describe('trail-day: exact', () => {
  it('round-trips any fixes exactly when they are given in the codec’s units, in time order (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.array(fixArb, { maxLength: 300 }), (fixes) => {
        const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
        expect(decoded({ day: DAY, level: 'exact', fixes })).toEqual({ day: DAY, level: 'exact', fixes: sorted });
      }),
      { numRuns: 150 },
    );
  });

  it('keeps lat/lon to 1e-7° and rounds the optional fields to their units', () => {
    const fix = { ts: START + 1, lat: 47.376_912_345, lon: -8.541_700_049, acc: 4.6, speed: 1.234, alt: 408.26, bearing: 359.96 };
    const day = decoded({ day: DAY, level: 'exact', fixes: [fix] });
    const out = day.level === 'exact' ? day.fixes[0] : undefined;
    expect(out).toEqual({ ts: START + 1, lat: 47.376_912_3, lon: -8.541_7, acc: 5, speed: 1.23, alt: 408.3, bearing: 360 });
    expect(Math.abs((out?.lat ?? 0) - fix.lat)).toBeLessThanOrEqual(0.5e-7);
  });

  it('round-trips a whole synthetic commute day to 1e-7°, with each field present exactly where it was', () => {
    const fixes = commuteDay(DAY, 15_000);
    const out = decoded({ day: DAY, level: 'exact', fixes });
    if (out.level !== 'exact') throw new Error('level');
    expect(out.fixes).toHaveLength(fixes.length);
    for (const [i, f] of fixes.entries()) {
      const g = out.fixes[i] as TrailFix;
      expect([g.ts, g.lat, g.lon]).toEqual([f.ts, e7(f.lat), e7(f.lon)]);
      expect(Object.keys(g).sort()).toEqual(Object.keys(f).sort());
    }
  });

  it('puts fixes in time order, and refuses one outside the day or a value out of range', () => {
    const a = { ts: START + 10, lat: 1, lon: 2 };
    const b = { ts: START + 5, lat: 3, lon: 4 };
    expect(decoded({ day: DAY, level: 'exact', fixes: [a, b] })).toEqual({ day: DAY, level: 'exact', fixes: [b, a] });
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [{ ...a, ts: START + DAY_MS }] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [{ ...a, ts: START - 1 }] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [{ ...a, lat: 90.1 }] })).toThrow(
      'fix 0 lat: expected -90 to 90, got 90.1',
    );
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [{ ...a, speed: Number.NaN }] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes: [{ ...a, bearing: 361 }] })).toThrow(RangeError);
  });

  it('refuses more than MAX_TRAIL_DAY_ENTRIES fixes', () => {
    const fixes = Array.from({ length: MAX_TRAIL_DAY_ENTRIES + 1 }, (_, i) => ({ ts: START + i, lat: 0, lon: 0 }));
    expect(() => encodeTrailDay({ day: DAY, level: 'exact', fixes })).toThrow(`expected at most ${MAX_TRAIL_DAY_ENTRIES} entries`);
  });

  it('an empty day round-trips', () => {
    expect(decoded({ day: DAY, level: 'exact', fixes: [] })).toEqual({ day: DAY, level: 'exact', fixes: [] });
    expect(decoded({ day: DAY, level: 'city', visits: [] })).toEqual({ day: DAY, level: 'city', visits: [] });
  });
});

describe('trail-day: street / neighbourhood / city', () => {
  const visits = [
    { cell: { row: 5_266, col: 1_234 }, enter: START + 15_000, leave: START + 3_600_000 },
    { cell: { row: 5_267, col: 1_233 }, enter: START + 3_600_000, leave: START + 3_900_000 },
    { cell: { row: 5_266, col: 1_234 }, enter: START + 7_200_000, leave: START + DAY_MS },
  ];

  it('round-trips cells and times, and holds nothing else: no coordinate, no fix', () => {
    const out = decoded({ day: DAY, level: 'street', visits });
    expect(out).toEqual({ day: DAY, level: 'street', visits });
    if (out.level === 'exact') throw new Error('level');
    for (const v of out.visits) {
      expect(Object.keys(v).sort()).toEqual(['cell', 'enter', 'leave']);
      expect(Object.keys(v.cell).sort()).toEqual(['col', 'row']);
    }
  });

  it('refuses visits out of order, overlapping, leaving the day, or in a cell the level’s grid does not have', () => {
    const [a, b] = visits as [(typeof visits)[0], (typeof visits)[0]];
    expect(() => encodeTrailDay({ day: DAY, level: 'street', visits: [b, a] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'street', visits: [a, { ...b, enter: a.leave - 1 }] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'street', visits: [{ ...a, leave: START + DAY_MS + 1 }] })).toThrow(RangeError);
    expect(() => encodeTrailDay({ day: DAY, level: 'city', visits: [a] })).toThrow('cell.row: expected an integer');
  });
});

describe('trail-day: damage', () => {
  const good = encodeTrailDay({ day: DAY, level: 'exact', fixes: commuteDay(DAY, 60_000) });

  it('a day other than the one asked for is damaged', () => {
    expect(damaged(good, DAY + 1)).toBe(`damaged: trail-day day: expected ${DAY + 1}, got ${DAY}`);
  });

  it('every cut is damaged, never a shorter day', () => {
    for (let length = 0; length < good.length; length += length < 200 ? 1 : 97)
      expect(damaged(good.subarray(0, length)), `${length}`).toMatch(/^damaged: /);
  });

  it('any flipped bit is damaged or — where DEFLATE cannot tell — still a well-formed day; never a throw (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.integer({ min: 0, max: good.length * 8 - 1 }), (bit) => {
        const flipped = good.slice();
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        const r = decodeTrailDay(flipped, DAY);
        if (r.ok) expect(r.trail.day).toBe(DAY);
        else expect(r.reason).toBe('damaged');
      }),
      { numRuns: 500 },
    );
  });

  it('a header that fails its schema is damaged, naming the field; an unknown encoding is newer-version', () => {
    const header = { kind: 'trail-day', day: DAY, level: 'exact', count: 0, encoding: 'columns-deflate-1' };
    expect(decodeTrailDay(withHeader(header), DAY).ok).toBe(true);
    expect(damaged(withHeader({ ...header, count: -1 }))).toMatch(/^damaged: trail-day header: expected count valid/);
    expect(damaged(withHeader({ ...header, level: 'frozen' }))).toMatch(/^damaged: trail-day header: expected level valid/);
    expect(damaged(withHeader({ ...header, lat: 47 }))).toMatch(/^damaged: /);
    expect(damaged(withHeader({ ...header, encoding: 'columns-zstd-2' }))).toBe(
      'newer-version: trail-day encoding: expected columns-deflate-1 or columns-deflate-2, got columns-zstd-2',
    );
    expect(damaged(concatBytes(new Uint8Array([0, 3]), utf8Encode('{{{')))).toBe(
      'damaged: trail-day header: expected JSON, got bytes that do not parse',
    );
    expect(damaged(new Uint8Array([0, 200, 1]))).toBe('damaged: trail-day header: expected 200 bytes, got 1');
  });

  it('a body that disagrees with its count, has bytes left over, or inflates beyond what its count allows is damaged', () => {
    const header = { kind: 'trail-day', day: DAY, level: 'exact', count: 1, encoding: 'columns-deflate-1' };
    expect(damaged(withHeader(header))).toMatch(/^damaged: trail-day time: expected 1 more byte/);
    expect(damaged(withHeader({ ...header, count: 0 }, deflateSync(new Uint8Array([0, 0]))))).toBe(
      'damaged: trail-day: expected 1 bytes, got 2',
    );
    expect(damaged(withHeader({ ...header, count: 0 }, deflateSync(new Uint8Array(1_000_000))))).toMatch(
      /inflated, got more|expected DEFLATE/,
    );
    expect(damaged(withHeader({ ...header, count: 0 }, new Uint8Array([0xff, 0xff, 0xff])))).toMatch(/^damaged: trail-day body: expected/);
  });

  it('random bytes never throw (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(decodeTrailDay(bytes, DAY).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
