import { dayStartMs, utcDayOf } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { dayOfArgs, endWithinOneDay } from './one-day.ts';

describe('endWithinOneDay', () => {
  const midnight = dayStartMs(20_794); // 2026-12-07T00:00Z
  it('keeps a time whose span lies in its own day', () => {
    expect(endWithinOneDay(60_000, midnight + 3_600_000)).toBe(midnight + 3_600_000);
    expect(endWithinOneDay(60_000, midnight + 60_000)).toBe(midnight + 60_000);
  });
  it('moves a span that would straddle midnight into the day before, whole', () => {
    const end = endWithinOneDay(1_000_000, midnight + 90_000);
    expect(end).toBe(midnight - 1000);
    expect(utcDayOf(end - 1_000_000)).toBe(utcDayOf(end));
  });
  it("names the point's day, not today's", () => {
    expect(dayOfArgs(midnight - 1000)).toEqual(['--day', '2026-12-06']);
  });
});
