/**
 * `place`: the sharer arrived at or left one of their places (core `places/place-presence.ts`), sent under
 * the `places` facet to a partner the sharer lets hear of that place, once the dwell confirmed it. It names
 * the place and never locates it: no centre, no radius, at any level (docs/decisions/0016-places.md).
 * `at` is when the crossing began (the first fix of the confirmed run); `ts` when the message was sealed.
 * (placeId, event, at) identifies an event, so a receiver can drop one delivered twice (a backlog read after
 * live delivery); the client does not do so yet.
 */
import { z } from 'zod';
import { id8, timestampMs } from './common.ts';
import { placeName } from './place.ts';

export const PLACE_EVENTS = ['arrive', 'leave'] as const;

export const placeEventSchema = z
  .object({
    kind: z.literal('place'),
    ts: timestampMs,
    event: z.enum(PLACE_EVENTS),
    placeId: id8,
    name: placeName,
    at: timestampMs,
  })
  .strict();
export type PlaceEventMessage = z.infer<typeof placeEventSchema>;
