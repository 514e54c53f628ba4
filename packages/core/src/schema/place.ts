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
import { displayName, id8 } from './common.ts';

export const PLACE_RADIUS_MIN_M = 50;
export const PLACE_RADIUS_MAX_M = 10_000;

export const placeSchema = z
  .object({
    id: id8,
    name: displayName,
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    radius: z.number().min(PLACE_RADIUS_MIN_M).max(PLACE_RADIUS_MAX_M),
  })
  .strict();
export type Place = z.infer<typeof placeSchema>;
