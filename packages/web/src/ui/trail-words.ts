/**
 * How a trail and its retention read on screen. Days are UTC days (days since 1970-01-01), as the relay keeps
 * them (decision 0014 §2): a day is chosen and shown as its UTC date, and the times in it as UTC times, so
 * the edges of a day read the same for both people. Retention choices are the core's (`RETENTION_CHOICES`).
 */
import { dayToIso, isoToDay, RETENTION_CHOICES, type RetentionDays, retentionFromWord, type TripMode } from '@entwine/core';
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

/** "45 min", "2 h 05 min", "under a minute": how long a stay or a trip lasted. */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "350 m", "4.2 km", "12 km". */
export function distanceWords(metres: number): string {
  if (metres < 1_000) return `${Math.round(metres / 10) * 10} m`;
  const km = metres / 1_000;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}

/** A trip's mode as an icon and a word (the core's modes, `TRIP_MODES`). */
export const MODE_WORDS: Record<TripMode, { icon: string; word: string }> = {
  still: { icon: '⏸', word: 'still' },
  walk: { icon: '🚶', word: 'walk' },
  run: { icon: '🏃', word: 'run' },
  cycle: { icon: '🚲', word: 'cycle' },
  vehicle: { icon: '🚗', word: 'vehicle' },
};

/** The replay's speeds: real time, and faster. */
export const REPLAY_SPEEDS = [1, 10, 60, 600] as const;
