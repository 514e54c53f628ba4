// A `place` message names a place and never locates it, and its longest form fits the glance's 256-byte bucket.
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.ts';
import { minBucketFor } from '../kinds/registry.ts';
import { DISPLAY_NAME_MAX_CHARS } from './common.ts';
import { PLACE_NAME_MAX_JSON_BYTES, placeSchema } from './place.ts';
import { type PlaceEventMessage, placeEventSchema } from './place-event.ts';

const MAX_TS = 8.64e15;
const event: PlaceEventMessage = {
  kind: 'place',
  ts: 1_750_000_000_000,
  event: 'arrive',
  placeId: 'aG9tZTAwMDA',
  name: 'Home',
  at: 1_749_999_880_000,
};

describe('the place message', () => {
  it('carries a name, an opaque id, arrive/leave and a time — a centre or a radius makes it malformed', () => {
    expect(placeEventSchema.parse(event)).toEqual(event);
    expect(placeEventSchema.safeParse({ ...event, lat: 48.85, lon: 2.35 }).success).toBe(false);
    expect(placeEventSchema.safeParse({ ...event, radius: 100 }).success).toBe(false);
    expect(placeEventSchema.safeParse({ ...event, event: 'near' }).success).toBe(false);
  });

  it('fits the 256-byte bucket at its longest name, whatever the name is made of', () => {
    expect(PLACE_NAME_MAX_JSON_BYTES).toBe(128);
    const longest = ['🏠'.repeat(31), 'a'.repeat(DISPLAY_NAME_MAX_CHARS), `${'"'.repeat(63)}`];
    for (const name of longest) {
      const m = { ...event, ts: MAX_TS, at: MAX_TS, name };
      expect(placeEventSchema.safeParse(m).success, name).toBe(true);
      expect(minBucketFor('place', utf8Encode(JSON.stringify(m)).length), name).toBe(256);
    }
    // One byte more as JSON is refused where a place is named, so it can never be sent.
    for (const name of ['🏠'.repeat(32), 'a'.repeat(DISPLAY_NAME_MAX_CHARS + 1), '"'.repeat(64)]) {
      expect(placeEventSchema.safeParse({ ...event, name }).success, name).toBe(false);
      expect(placeSchema.safeParse({ id: event.placeId, name, lat: 0, lon: 0, radius: 100 }).success, name).toBe(false);
    }
  });
});
