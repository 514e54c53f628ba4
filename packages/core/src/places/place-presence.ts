/**
 * Arrive and leave at a person's own places, computed on their device from exact fixes, one fix at a time.
 * It guarantees:
 * - no flapping at an edge: an arrival needs every fix for the arrive dwell to be more than the margin m
 *   inside the circle, a departure every fix for the leave dwell more than m outside it; a fix in the band
 *   between clears a pending change. m grows with the fix's reported accuracy and with the place's radius;
 * - an event's `at` is the time of the first fix of the run that confirmed it (see PlaceEvent);
 * - a fix that implies an impossible speed from the last accepted one is ignored, as is one that is not
 *   newer than it (a stuttering or regressing clock only delays events, never invents one);
 * - each place is tracked on its own, so overlapping places (a home inside a neighbourhood) each get their
 *   own events, and the result depends only on the fixes and the places, never on the wall clock.
 * The first state a place is confirmed in after it is created (or moved, or resized) emits nothing: no
 * crossing was seen, so none is reported. State is plain JSON, to be persisted with the device's state.
 */
import { distanceM } from '../geo.ts';
import type { Place } from '../schema/place.ts';

/** The margin is never below this: twice the σ ≈ 10 m of an ordinary phone fix (one fix at 2σ: ~2 %). */
export const PLACE_MARGIN_MIN_M = 20;
/** …nor below this share of the radius: a big place's edge (a campus, a town) is fuzzier than a house's. */
export const PLACE_MARGIN_RADIUS_SHARE = 0.1;
/** …nor below this many times the fix's reported accuracy (a ~68 % radius): a poor fix must be further in or out. */
export const PLACE_MARGIN_ACCURACY_FACTOR = 1.5;
/** Arriving is confirmed after 2 min well inside: a drive past the gate does not count as a visit. */
export const PLACE_ARRIVE_DWELL_MS = 2 * 60_000;
/** Leaving is confirmed after 3 min well outside: a walk to the letterbox or the bins is not a departure. */
export const PLACE_LEAVE_DWELL_MS = 3 * 60_000;
/** …and after at least this many fixes, so that one fix on each side of a gap is not taken as a dwell. */
export const PLACE_DWELL_MIN_FIXES = 3;
/** Faster than 250 km/h between fixes (after both accuracies are allowed for) is an outlier, not a journey. */
export const PLACE_MAX_SPEED_MPS = 70;
/** After this many outliers in a row the tracker believes the new fixes (the old anchor was the outlier). */
export const PLACE_OUTLIER_RUN_MAX = 3;

export interface PlaceFix {
  lat: number;
  lon: number;
  /** Horizontal accuracy, metres; absent means unknown, and then only the other margins apply. */
  acc?: number;
  /** Milliseconds since the epoch. */
  ts: number;
}

export type PlaceEventKind = 'arrive' | 'leave';

export interface PlaceEvent {
  event: PlaceEventKind;
  placeId: string;
  name: string;
  /**
   * The time of the first fix that started the confirmed run, not the fix that completed the dwell: that
   * is the best estimate of when the person crossed the margin, and the dwell is only how long we waited
   * to be sure. "Arrived at Home · 18:02" then means 18:02, not 18:04.
   */
  at: number;
}

interface PlaceTrack {
  /** The place's centre and radius when tracking began; a change starts the place over. */
  shape: string;
  /** Confirmed inside (true) or outside (false); absent until the first confirmation. */
  inside?: boolean;
  /** A run of fixes beyond the margin on the other side, since the first of them. */
  pending?: { inside: boolean; since: number; fixes: number };
}

export interface PlacePresenceState {
  /** The last fix that passed the speed gate. */
  last?: PlaceFix;
  /** How many fixes in a row the speed gate has refused. */
  outliers: number;
  tracks: Record<string, PlaceTrack>;
}

export const emptyPlacePresence = (): PlacePresenceState => ({ outliers: 0, tracks: {} });

/** The hysteresis margin, metres, for a fix of accuracy `acc` at a place of radius `radius`. */
export function placeMarginM(radius: number, acc?: number): number {
  const byAcc = acc !== undefined && acc > 0 ? PLACE_MARGIN_ACCURACY_FACTOR * acc : 0;
  return Math.max(PLACE_MARGIN_MIN_M, PLACE_MARGIN_RADIUS_SHARE * radius, byAcc);
}

const shapeOf = (p: Place) => `${p.lat},${p.lon},${p.radius}`;

/** Whether `fix` may be believed after `last`: newer, and reachable at a possible speed. */
function passesGate(last: PlaceFix | undefined, fix: PlaceFix): boolean {
  if (last === undefined) return true;
  if (!(fix.ts > last.ts)) return false;
  const slack = (last.acc ?? 0) + (fix.acc ?? 0);
  const metres = Math.max(0, distanceM(last, fix) - slack);
  return metres / ((fix.ts - last.ts) / 1000) <= PLACE_MAX_SPEED_MPS;
}

/** One place's step; returns the next track and the event it confirmed, if any. */
function step(track: PlaceTrack, place: Place, fix: PlaceFix): { track: PlaceTrack; event?: PlaceEvent } {
  const m = placeMarginM(place.radius, fix.acc);
  // A fix too poor for this place (its inner circle would be under half the radius) says nothing either
  // way: it neither confirms nor clears, so a few indoor fixes do not undo a real arrival in progress.
  if (m > place.radius / 2) return { track };
  const d = distanceM(place, fix);
  const side = d < place.radius - m ? true : d > place.radius + m ? false : undefined;
  const { pending: _, ...settled } = track;
  if (side === undefined || side === track.inside) return { track: settled };
  const pending =
    track.pending !== undefined && track.pending.inside === side
      ? { ...track.pending, fixes: track.pending.fixes + 1 }
      : { inside: side, since: fix.ts, fixes: 1 };
  const dwell = side ? PLACE_ARRIVE_DWELL_MS : PLACE_LEAVE_DWELL_MS;
  if (pending.fixes < PLACE_DWELL_MIN_FIXES || fix.ts - pending.since < dwell) return { track: { ...settled, pending } };
  const next: PlaceTrack = { ...settled, inside: side };
  if (track.inside === undefined) return { track: next };
  return { track: next, event: { event: side ? 'arrive' : 'leave', placeId: place.id, name: place.name, at: pending.since } };
}

/** Orders events by time, a leave before an arrive at the same time, then by place id: deterministic. */
function byTime(a: PlaceEvent, b: PlaceEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.event !== b.event) return a.event === 'leave' ? -1 : 1;
  return a.placeId < b.placeId ? -1 : a.placeId > b.placeId ? 1 : 0;
}

/**
 * Feeds one fix; returns the next state and the events it confirmed. Places no longer in `places` are
 * forgotten; a new or changed place starts unknown.
 */
export function placePresence(
  state: PlacePresenceState,
  fix: PlaceFix,
  places: readonly Place[],
): { state: PlacePresenceState; events: PlaceEvent[] } {
  if (!passesGate(state.last, fix)) {
    // A fix older than the last is dropped outright; a fast one counts towards re-anchoring.
    if (state.last !== undefined && !(fix.ts > state.last.ts)) return { state, events: [] };
    if (state.outliers + 1 < PLACE_OUTLIER_RUN_MAX) return { state: { ...state, outliers: state.outliers + 1 }, events: [] };
  }
  const tracks: Record<string, PlaceTrack> = {};
  const events: PlaceEvent[] = [];
  for (const place of places) {
    const shape = shapeOf(place);
    const old = state.tracks[place.id];
    const { track, event } = step(old !== undefined && old.shape === shape ? old : { shape }, place, fix);
    tracks[place.id] = track;
    if (event !== undefined) events.push(event);
  }
  return { state: { last: fix, outliers: 0, tracks }, events: events.sort(byTime) };
}
