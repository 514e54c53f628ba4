/**
 * The sender's side of the shields: one source of truth (the newest exact fix, the device's battery, and
 * the keyed-offset grid state per area level), and what each bond gets of it at one publish tick.
 *
 * Guarantees:
 * - coarsening happens before encryption, in the core (`shield/area.ts`): an area-level bond is only ever
 *   handed a cell centre and radius, never a field of the exact fix;
 * - every bond at one area level gets the same cell sequence (one grid state per level, not per bond),
 *   so partners comparing notes learn nothing more;
 * - every tick yields exactly one location, one presence and one feeling message per bond whatever the
 *   level or movement — frozen, hidden and "none yet" included — so timing and count reveal nothing;
 * - no other facet tells more of where the person is than the bond's location level: motion (moving or
 *   still) comes from the exact fixes only when the location is exact; at an area level it comes from the
 *   areas this bond was itself sent (a change of area this partner saw, held for that level's quantum); with
 *   a frozen, hidden or unknown location there is none;
 * - every presence message names the trail and moments levels in force (`keep`), so the partner's
 *   client can drop what those levels no longer allow.
 */
import {
  batteryBucket,
  distanceM,
  type FeelingMessage,
  fromBase64url,
  GRID,
  isAreaLevel,
  type LocationMessage,
  levelAt,
  type Message,
  observeAreas,
  type PresenceMessage,
  publishArea,
  type ShieldPolicy,
  TICK_KINDS,
  type TickKind,
} from '@entwine/core';
import type { ExactFix, SourceState } from './state.ts';
import { emptyView, foldMessage, type PartnerView } from './view.ts';

/** Moving: more than this far (or faster than MOVING_SPEED) within the last MOTION_WINDOW_MS. */
const MOTION_WINDOW_MS = 2 * 60 * 1000;
const MOVING_METRES = 50;
const MOVING_SPEED = 1;

/** Default publish tick: every bond gets its envelopes this often (15 s), whatever its levels. */
export const DEFAULT_TICK_MS = 15_000;

/**
 * The coarsening key decoded once and kept while it is the same: core's grid keeps each level's offset per
 * key array, so a batch of fixes derives them once, not per fix.
 */
let decodedKey: { text: string; bytes: Uint8Array } | undefined;
function coarseningKeyBytes(text: string): Uint8Array {
  if (decodedKey?.text !== text) decodedKey = { text, bytes: fromBase64url(text) };
  return decodedKey.bytes;
}

/** Folds a new fix into the source: the exact fix, and each area level's hysteresis/dwell state. */
export function observeSourceFix(source: SourceState, fix: ExactFix): SourceState {
  const grid = observeAreas(source.grid, fix, coarseningKeyBytes(source.coarseningKey));
  const recent = [
    ...(source.recent ?? []),
    { ts: fix.ts, lat: fix.lat, lon: fix.lon, ...(fix.speed !== undefined ? { speed: fix.speed } : {}) },
  ]
    .filter((r) => r.ts > fix.ts - MOTION_WINDOW_MS)
    .slice(-60);
  return { ...source, fix, grid, recent };
}

/**
 * Moving or still, from the last couple of minutes of exact fixes; undefined when there is nothing recent.
 * Only for a partner who gets the exact location (see `motionFor`).
 */
export function isMoving(source: SourceState, now: number): boolean | undefined {
  const recent = (source.recent ?? []).filter((r) => r.ts > now - MOTION_WINDOW_MS);
  const last = recent[recent.length - 1];
  if (!last) return undefined;
  if (last.speed !== undefined && last.speed >= MOVING_SPEED) return true;
  return recent.some((r) => distanceM(r, last) > MOVING_METRES);
}

/** The tick a time belongs to: what `ts` says on every value published at it. */
export function tickOf(now: number, tickMs: number): number {
  return Math.floor(now / tickMs) * tickMs;
}

/**
 * Moving or still as far as this bond's location level lets its partner know: from the exact fixes at
 * exact; at an area level, true while the area this bond is sent now differs from the one it was sent
 * before, for one quantum of that level from the change (a pure function of the areas the partner
 * received, so it tells them nothing they could not work out); undefined for any other location.
 */
function motionFor(source: SourceState, location: LocationMessage, seen: PartnerView, now: number): boolean | undefined {
  if (location.level === 'exact') return isMoving(source, now);
  if (location.level !== 'street' && location.level !== 'neighbourhood' && location.level !== 'city') return undefined;
  const movedAt = foldMessage(seen, location, 'next').locationMovedAt;
  return movedAt !== undefined && location.ts - movedAt < GRID[location.level].quantumMs;
}

/**
 * The messages one bond gets at this tick, and the source after it (publishing an area cell can move
 * that level's published state onto a new quantum). `seen` is what this bond has been sent so far (its
 * `sentView`): the motion an area-level partner gets is worked out from it.
 */
export function messagesAt(
  source: SourceState,
  policy: ShieldPolicy,
  now: number,
  tickMs: number,
  seen: PartnerView = emptyView(),
): { messages: Message[]; source: SourceState } {
  const ts = tickOf(now, tickMs);
  const located = locationAt(source, levelAt(policy, 'location', now), now, ts);
  const presenceLevel = levelAt(policy, 'presence', now);
  const moving = motionFor(source, located.message, seen, now);
  // What the partner's client may keep of the trail and of photo pins, on every tick (presence.ts).
  const keep = { trail: levelAt(policy, 'trail', now), moments: levelAt(policy, 'moments', now) };
  const presence: PresenceMessage =
    presenceLevel === 'exact'
      ? {
          kind: 'presence',
          level: 'exact',
          ts,
          ...(source.battery ? { battery: batteryBucket(source.battery.level) } : {}),
          ...(source.battery?.charging !== undefined ? { charging: source.battery.charging } : {}),
          ...(moving !== undefined ? { moving } : {}),
          keep,
        }
      : { kind: 'presence', level: presenceLevel === 'frozen' ? 'frozen' : 'hidden', ts, keep };
  const feelingLevel = levelAt(policy, 'feelings', now);
  const feeling: FeelingMessage =
    feelingLevel === 'exact'
      ? source.feeling
        ? { kind: 'feeling', level: 'exact', ts, ...source.feeling }
        : { kind: 'feeling', level: 'unknown', ts }
      : { kind: 'feeling', level: feelingLevel === 'frozen' ? 'frozen' : 'hidden', ts };
  // One message of every tick kind in the registry, in its order: a tick kind missing here is a type error.
  const byKind: { [K in TickKind]: Extract<Message, { kind: K }> } = { location: located.message, presence, feeling };
  return { messages: TICK_KINDS.map((kind) => byKind[kind]), source: located.source };
}

function locationAt(
  source: SourceState,
  level: ReturnType<typeof levelAt>,
  now: number,
  ts: number,
): { message: LocationMessage; source: SourceState } {
  if (level === 'exact') {
    const fix = source.fix;
    if (!fix) return { message: { kind: 'location', level: 'unknown', ts }, source };
    const message: LocationMessage = {
      kind: 'location',
      level: 'exact',
      ts,
      fixTs: fix.ts,
      lat: fix.lat,
      lon: fix.lon,
      ...(fix.acc !== undefined ? { acc: fix.acc } : {}),
      ...(fix.alt !== undefined ? { alt: fix.alt } : {}),
      ...(fix.speed !== undefined ? { speed: fix.speed } : {}),
      ...(fix.bearing !== undefined ? { bearing: fix.bearing } : {}),
    };
    return { message, source };
  }
  if (isAreaLevel(level)) {
    const published = publishArea(source.grid, level, now);
    const next = { ...source, grid: published.states };
    if (!published.area) return { message: { kind: 'location', level: 'unknown', ts }, source: next };
    return { message: { kind: 'location', level, ts, ...published.area }, source: next };
  }
  return { message: { kind: 'location', level: level === 'frozen' ? 'frozen' : 'hidden', ts }, source };
}
