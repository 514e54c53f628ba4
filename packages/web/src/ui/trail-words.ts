/**
 * How a trail and its retention read on screen. Days are UTC days (days since 1970-01-01), as the relay keeps
 * them (decision 0014 §2): a day is chosen and shown as its UTC date, and the times in it as UTC times, so
 * the edges of a day read the same for both people. Retention choices are the core's (`RETENTION_CHOICES`).
 */
import { dayToIso, isoToDay, RETENTION_CHOICES, type RetentionDays, retentionFromWord } from '@entwine/core';
import { formatTime } from './format.ts';

/** The day a date input holds, or undefined while it holds none (cleared, or before 1970). */
export function dayFromInput(value: string): number | undefined {
  if (value === '') return undefined;
  try {
    const day = isoToDay(value);
    return day >= 0 ? day : undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** "10:05 UTC"-style clock (hours and minutes, in the person's locale), without the zone's name. */
export function utcTime(ms: number, locale?: string): string {
  return formatTime(ms, { timeZone: 'UTC', ...(locale ? { locale } : {}) });
}

/** "2026-05-26 (UTC)". */
export function utcDayWords(day: number): string {
  return `${dayToIso(day)} (UTC)`;
}

/** A retention choice as a select's value, and back: "1", "7", "30", "365", "forever". */
export function retentionValue(days: RetentionDays): string {
  return days === null ? 'forever' : String(days);
}
export function retentionFromValue(value: string): RetentionDays {
  const choice = retentionFromWord(value);
  if (choice === undefined) throw new RangeError(`retention: expected one of 1, 7, 30, 365, forever, got ${value}`);
  return choice;
}

const RETENTION_LABELS: Record<string, string> = {
  '1': '1 day',
  '7': '7 days',
  '30': '30 days',
  '365': '1 year',
  forever: 'Forever (while the bond lasts)',
};

/** "30 days", "1 year", "Forever (while the bond lasts)". */
export function retentionWords(days: RetentionDays): string {
  return RETENTION_LABELS[retentionValue(days)] ?? retentionValue(days);
}

/** The choices a retention control offers, in order (the core's list). */
export const RETENTION_OPTIONS: readonly { value: string; label: string }[] = RETENTION_CHOICES.map((c) => ({
  value: retentionValue(c),
  label: retentionWords(c),
}));
