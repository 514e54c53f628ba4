/**
 * The places' records (decision 0016): kinds of their own, never part of the in-memory DeviceState (like the
 * trail's, decision 0014), written only by the places part (parts/places.ts), straight to the store, and read
 * from it whenever used — so a place added or shared by another process on the same home (a CLI command
 * beside a running `start`) counts from the next fix.
 *
 * | kind            | id       | holds                                                              |
 * |-----------------|----------|--------------------------------------------------------------------|
 * | place           | placeId  | one place this person named: id, name, centre, radius (`Place`)   |
 * | place-share     | bondId   | the ids of the places this bond's partner may hear of (default none) |
 * | place-presence  | ''       | the arrive/leave tracker's state (`PlacePresenceState`)            |
 *
 * A share list is keyed by the bond id, so ending the bond deletes it (`bondPlaceOps`, with the bond's other
 * records) and leaves nothing of the bond on the device.
 */
import type { StoreOp } from './device-store.ts';

export const PLACE_KINDS = {
  place: 'place',
  share: 'place-share',
  presence: 'place-presence',
} as const;

/** What ending a bond deletes of the places: the list of places its partner could hear of. */
export function bondPlaceOps(bondId: string): StoreOp[] {
  return [{ op: 'delete', kind: PLACE_KINDS.share, id: bondId }];
}
