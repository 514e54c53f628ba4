/**
 * The trail's two JSON shapes (decision 0014 §2):
 * - `trail`: the live notice a sharer sends a partner when a newer version of one of their days is sealed
 *   (`day`, and the chunk's `revision` as a decimal string: a u64 does not fit a JSON number), so the
 *   partner's client fetches that day. It carries no position. 256 bytes like every event notice.
 * - `trail-day`: the clear JSON header at the front of a day chunk's plaintext (`trail/day-codec.ts`),
 *   naming the day, the level the day was sealed at, how many entries the body holds and how the body
 *   is encoded. Both are strict: an unknown field makes the message malformed.
 */
import { z } from 'zod';
import { timestampMs } from './common.ts';

/** Days since 1970-01-01 UTC, as a chunk header carries them (u32). */
export const trailDay = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const U64_MAX = 2n ** 64n - 1n;
/** A u64 as a decimal string without leading zeros. */
export const revisionString = z
  .string()
  // One check, not a regex then a bound: zod runs every check, and BigInt throws on what the regex refused.
  .refine((s) => /^(0|[1-9][0-9]{0,19})$/.test(s) && BigInt(s) <= U64_MAX, {
    message: 'revision: expected a u64 in decimal, without leading zeros',
  });

export const trailNoticeSchema = z
  .object({
    kind: z.literal('trail'),
    /** When the notice was sent (every message kind carries one; the receiver's future check reads it). */
    ts: timestampMs,
    day: trailDay,
    revision: revisionString,
  })
  .strict();
export type TrailNotice = z.infer<typeof trailNoticeSchema>;

/** The levels a day can be sealed at: exact fixes, or the committed cells of an area level. */
export const TRAIL_LEVELS = ['exact', 'street', 'neighbourhood', 'city'] as const;
export type TrailLevel = (typeof TRAIL_LEVELS)[number];

/**
 * The body encodings this code writes and reads: columns, delta + varint, then raw DEFLATE. `-1` holds the
 * fixes or visits alone; `-2` (decision 0017) adds the sender's stays and trips after them, counted in the
 * header's `stays` and `trips`. A day without stays or trips is still written as `-1`, which every reader knows.
 */
export const TRAIL_DAY_ENCODING = 'columns-deflate-1';
export const TRAIL_DAY_ENCODING_STAYS = 'columns-deflate-2';

/** The most stays, and the most trips, one day lists: a stay is ≥ 5 min, so a real day has far fewer. */
export const MAX_TRAIL_DAY_STAYS = 288;
export const MAX_TRAIL_DAY_TRIPS = 289;

/**
 * The most entries one day holds: a fix every 0.43 s from midnight to midnight. A sender with more thins
 * its day first; the bound also bounds what a reader inflates.
 */
export const MAX_TRAIL_DAY_ENTRIES = 200_000;

export const trailDayHeaderSchema = z
  .object({
    kind: z.literal('trail-day'),
    day: trailDay,
    level: z.enum(TRAIL_LEVELS),
    count: z.number().int().min(0).max(MAX_TRAIL_DAY_ENTRIES),
    encoding: z.enum([TRAIL_DAY_ENCODING, TRAIL_DAY_ENCODING_STAYS]),
    /** `columns-deflate-2` only: how many stays, and trips, follow the entries; absent: not derived. */
    stays: z.number().int().min(0).max(MAX_TRAIL_DAY_STAYS).optional(),
    trips: z.number().int().min(0).max(MAX_TRAIL_DAY_TRIPS).optional(),
  })
  .strict()
  .refine((h) => h.encoding === TRAIL_DAY_ENCODING_STAYS || (h.stays === undefined && h.trips === undefined), {
    message: `stays and trips: expected only with ${TRAIL_DAY_ENCODING_STAYS}`,
  });
export type TrailDayHeader = z.infer<typeof trailDayHeaderSchema>;
