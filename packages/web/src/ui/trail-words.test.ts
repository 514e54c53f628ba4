// How a trail's day and retention read and are read back: a date input's value is a UTC day or nothing (never
// a day before 1970, which the relay has no chunk for); times are UTC; every retention choice round-trips.
import { RETENTION_CHOICES } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import {
  dayFromInput,
  distanceWords,
  durationWords,
  RETENTION_OPTIONS,
  retentionFromValue,
  retentionValue,
  retentionWords,
  utcDayWords,
  utcTime,
} from './trail-words.ts';

describe('trail words', () => {
  it('reads a date input as a UTC day, and nothing for a cleared input, a malformed one or a day before 1970', () => {
    expect(dayFromInput('2026-05-26')).toBe(20_599);
    expect(dayFromInput('1970-01-01')).toBe(0);
    expect(dayFromInput('')).toBeUndefined();
    expect(dayFromInput('1969-12-31')).toBeUndefined();
    expect(dayFromInput('2026-02-30')).toBeUndefined();
    expect(utcDayWords(20_599)).toBe('2026-05-26 (UTC)');
  });

  it('shows times in UTC, whatever the zone the page runs in', () => {
    expect(utcTime(Date.UTC(2026, 4, 26, 23, 5), 'en-GB')).toBe('23:05');
  });

  it('offers every retention the core allows, in its order, and reads each back', () => {
    expect(RETENTION_OPTIONS.map((o) => o.label)).toEqual(['1 day', '7 days', '30 days', '1 year', 'Forever (while the bond lasts)']);
    for (const c of RETENTION_CHOICES) expect(retentionFromValue(retentionValue(c))).toBe(c);
    expect(retentionWords(null)).toBe('Forever (while the bond lasts)');
    expect(() => retentionFromValue('14')).toThrow(new RangeError('retention: expected one of 1, 7, 30, 365, forever, got 14'));
  });

  it('says how long and how far: minutes, hours and minutes, metres, kilometres', () => {
    expect(durationWords(20_000)).toBe('under a minute');
    expect(durationWords(40 * 60_000 - 30_000)).toBe('40 min');
    expect(durationWords(125 * 60_000)).toBe('2 h 05 min');
    expect(distanceWords(347)).toBe('350 m');
    expect(distanceWords(1_480)).toBe('1.5 km');
    expect(distanceWords(12_400)).toBe('12 km');
  });
});
