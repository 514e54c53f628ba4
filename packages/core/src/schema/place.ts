/**
 * `place`: a place a person named on their own device (home, work …), a centre and a radius. It is kept on
 * that device only — the relay and partners never get one; a partner hears only "arrived at <name>" (see
 * `places/place-presence.ts` and docs/decisions/0016-places.md).
 *
 * The radius is bounded below so that, with the hysteresis margin of a fix of ordinary accuracy (≈ 15 m →
 * 22.5 m), the inner circle that confirms an arrival is still at least half the place: a 10 m "place" could
 * only be entered by a fix better than the GPS gives indoors.
 */
import { z } from 'zod';
import { utf8Encode } from '../bytes.ts';
import { displayName, id8 } from './common.ts';

export const PLACE_RADIUS_MIN_M = 50;
export const PLACE_RADIUS_MAX_M = 10_000;

/**
 * A place's name is said to partners in a `place` message, which must fit the 256-byte bucket a glance
 * fits (so the relay cannot tell the two apart): a display name (at most 64 characters) whose JSON string
 * is at most 128 bytes — any 64 ASCII letters, 31 four-byte emoji, or 63 characters that JSON escapes.
 */
export const PLACE_NAME_MAX_JSON_BYTES = 128;
export const placeName = displayName.refine((s) => utf8Encode(JSON.stringify(s)).length <= PLACE_NAME_MAX_JSON_BYTES, {
  message: `at most ${PLACE_NAME_MAX_JSON_BYTES} bytes as JSON`,
});

export const placeSchema = z
  .object({
    id: id8,
    name: placeName,
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    radius: z.number().min(PLACE_RADIUS_MIN_M).max(PLACE_RADIUS_MAX_M),
  })
  .strict();
export type Place = z.infer<typeof placeSchema>;
