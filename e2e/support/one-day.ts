// A test's points must not straddle 00:00 UTC unless the test is about that: the vault keeps a trail per UTC
// day (one transaction each) and `entwine trail` reads today by default, so points posted at 23:59 and read at
// 00:01 are two days, the first of them not "today". CI met exactly this when a run crossed midnight.
import { dayStartMs, dayToIso, utcDayOf } from '@entwine/core';

/** The latest end time at or before `latestMs` such that the `spanMs` before it all lie in one UTC day. */
export function endWithinOneDay(spanMs: number, latestMs = Date.now()): number {
  const day = utcDayOf(latestMs);
  return utcDayOf(latestMs - spanMs) === day ? latestMs : dayStartMs(day) - 1000;
}

/** `entwine trail`'s arguments for the UTC day that holds `ms`. */
export const dayOfArgs = (ms: number): string[] => ['--day', dayToIso(utcDayOf(ms))];
