/**
 * The shared field rules: numbers from numbers or decimal strings only; the Unix rule (seconds below 1e11,
 * ms from it); ISO with `Z`, `+hh:mm`, `-hhmm` and a space separator; integer ms; optional fields out of
 * range left out; rejections in the order coordinates, null island, time.
 */
import { describe, expect, it } from 'vitest';
import { booleanOf, fixOf, numberOf, placeAndTime, timeOf, UNIX_MS_FROM } from './tracker-fields.ts';

describe('tracker fields', () => {
  it('numberOf takes numbers and decimal strings, nothing else', () => {
    expect([
      numberOf(52.5),
      numberOf(' 52.5 '),
      numberOf('-1e2'),
      numberOf('1,5'),
      numberOf('%LAT'),
      numberOf(''),
      numberOf(true),
      numberOf(Number.NaN),
    ]).toEqual([52.5, 52.5, -100, undefined, undefined, undefined, undefined, undefined]);
  });

  it('booleanOf reads true/false words in any case and 1/0', () => {
    expect([booleanOf('TRUE'), booleanOf('false'), booleanOf(1), booleanOf('0'), booleanOf('yes'), booleanOf(undefined)]).toEqual([
      true,
      false,
      true,
      false,
      undefined,
      undefined,
    ]);
  });

  it('a Unix number below 1e11 is seconds, from 1e11 on ms; the result is integer ms', () => {
    expect(UNIX_MS_FROM).toBe(1e11);
    expect(timeOf(1709283789)).toBe(1709283789_000);
    expect(timeOf('1709283789.4567')).toBe(1709283789457);
    expect(timeOf(99_999_999_999)).toBe(99_999_999_999_000);
    expect(timeOf(100_000_000_000)).toBe(100_000_000_000);
    expect(timeOf(1709283789123.6)).toBe(1709283789124);
    expect(timeOf(-1)).toBeUndefined();
    expect(timeOf(9e15)).toBeUndefined();
  });

  it('reads ISO 8601 with Z, with an offset with or without a colon, and yyyy-MM-dd HH:mm:ss as UTC', () => {
    const t = Date.UTC(2015, 9, 1, 15);
    expect(timeOf('2015-10-01T15:00:00Z')).toBe(t);
    expect(timeOf('2015-10-01T08:00:00-07:00')).toBe(t);
    expect(timeOf('2015-10-01T08:00:00-0700')).toBe(t);
    expect(timeOf('2015-10-01T17:00:00.5+0200')).toBe(t + 500);
    expect(timeOf('2015-10-01 15:00:00')).toBe(t);
    expect(timeOf('2015-02-30T15:00:00Z')).toBeUndefined();
    expect(timeOf('yesterday')).toBeUndefined();
    expect(timeOf(undefined)).toBeUndefined();
  });

  it('placeAndTime rejects bad coordinates before null island before time', () => {
    expect(placeAndTime(91, 0, undefined, 3)).toMatchObject({ kind: 'rejected', reason: 'bad-coordinates', index: 3 });
    expect(placeAndTime('0', 0, undefined, 0)).toMatchObject({ reason: 'null-island' });
    expect(placeAndTime(0, 0.0001, undefined, 0)).toMatchObject({ reason: 'bad-time' });
    expect(placeAndTime(-90, 180, 1, 0)).toEqual({ lat: -90, lon: 180, ts: 1000 });
  });

  it('fixOf leaves out what is out of range (accuracy ≤ 0, negative speed or bearing, battery over 1), 360° is 0°', () => {
    const base = { lat: 1, lon: 2, ts: 3 };
    expect(fixOf(base, { acc: 0, speed: -1, bearing: -1, alt: -20_000, batteryLevel: 1.2, charging: true })).toEqual(base);
    expect(fixOf(base, { acc: 4.5, speed: 0, bearing: 360, alt: 0, batteryLevel: 0, charging: false })).toEqual({
      ...base,
      acc: 4.5,
      speed: 0,
      bearing: 0,
      alt: 0,
      battery: { level: 0, charging: false },
    });
  });
});
