/**
 * How long a partner may look back over what a sharer sealed for their bond (0014 §4): one of a few
 * choices, set by the sharer per bond; `null` keeps it for as long as the bond lasts. The relay applies it
 * by UTC day on its own clock: it keeps the days from `today − days` on.
 */
import { z } from 'zod';

export const RETENTION_CHOICES = [1, 7, 30, 365, null] as const;
export type RetentionDays = (typeof RETENTION_CHOICES)[number];
/** What a sharer who never chose keeps. */
export const DEFAULT_RETENTION_DAYS = 30 satisfies RetentionDays;

/**
 * A retention as a person types or picks it — "1", "7", "30", "365" or "forever" — or undefined for anything
 * else (the CLI's `entwine retention NAME DAYS` and the web's retention control read it alike).
 */
export function retentionFromWord(word: string | undefined): RetentionDays | undefined {
  if (word === 'forever') return null;
  if (word === undefined) return undefined;
  const days = Number(word);
  return RETENTION_CHOICES.find((c) => c === days);
}

export const retentionDaysSchema = z.union([z.literal(1), z.literal(7), z.literal(30), z.literal(365), z.null()]);
