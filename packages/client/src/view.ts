/**
 * What one person sees of another, folded from the plaintexts that crossed the bond. The receiver folds
 * what it verified; the sender folds what it sent, once the relay stored it (`publisher.ts`) — the same function over the same plaintexts, so the
 * sharer's "as NAME sees you" preview is exactly what NAME's screen shows. Out-of-order arrivals (a
 * backlog read after live delivery) never roll a facet back: only a message at least as new applies.
 *
 * "As new" is decided by the sender's sequence, not its clock: each message is folded with its place in
 * the sender's stream (`SeqPosition`: sending device, epoch and its signed index, seq — all authenticated by
 * the envelope and the key distribution), so a sender whose clock steps back is still shown with what it
 * says next. Only where the sequence cannot order two messages — they came from two different devices of
 * the sender, or from epochs that carry no index (older senders), or the view was folded before positions
 * existed — does the message's `ts` decide, as it did before. The `ts` still says when (ages, "last seen").
 *
 * Beyond the live values, a view keeps only what the sharer's levels in force allow, as their last
 * presence message named them (`keep`): earlier positions only while `trail` allows them, each no finer
 * than it; photo pins only while `moments` allows them, each no finer than it. A lowering withdraws what
 * was kept before it; with no level known yet, no trail is kept at all.
 */
import {
  type KeepLevels,
  KINDS,
  type LatestKind,
  type LocatedMessage,
  type Message,
  type MomentMessage,
  type PresenceMessage,
  type SharedFeeling,
  type ShieldLevel,
  shieldRank,
} from '@entwine/core';

/** How many past feelings a view keeps for the timeline. */
export const FEELING_HISTORY = 50;

/** Earlier positions a view keeps at most (each distinct, newest first). */
export const TRAIL_KEPT = 20;
/** Photo pins a view keeps at most (as many as photos are kept, `inbox.ts` MOMENT_HISTORY). */
export const PINS_KEPT = 20;

export type MomentPlace = Exclude<MomentMessage['place'], { level: 'none' }>;
/** Where one photo is drawn on the partner's map. */
export interface MomentPin {
  id: string;
  ts: number;
  place: MomentPlace;
}

/**
 * Where a message sits in its sender's stream: the sending device, the epoch it was sealed under (with
 * the epoch's signed index, when the sender's key distribution carried one) and its seq in that epoch.
 */
export interface SeqPosition {
  device: string;
  epoch: string;
  index?: number;
  seq: string;
}

/**
 * Whether `next` comes at or after `last` in the sender's stream; undefined when the sequence cannot say
 * (different devices, or two epochs of which neither carries an index).
 */
export function followsInStream(next: SeqPosition, last: SeqPosition): boolean | undefined {
  if (next.device !== last.device) return undefined;
  if (next.epoch === last.epoch) return BigInt(next.seq) >= BigInt(last.seq);
  if (next.index !== undefined && last.index !== undefined) return next.index > last.index;
  // Epochs without an index were made before indexes existed: every numbered epoch came after them.
  if (next.index !== undefined) return true;
  if (last.index !== undefined) return false;
  return undefined;
}

/**
 * A message's place for folding: its position in the sender's stream; `'next'` for a message about to be
 * sent (newer than anything folded, e.g. the sender working out motion); absent when unknown (ts decides).
 */
export type FoldAt = SeqPosition | 'next' | undefined;

/** The kinds the registry folds as one current value (`fold: 'latest'`): these are ordered. */
type Ordered = LatestKind;

/** Where a view keeps the `ts` of the newest folded message of each ordered kind. */
const AT_FIELD: Readonly<Record<Ordered, 'locationAt' | 'presenceAt' | 'feelingAt'>> = {
  location: 'locationAt',
  presence: 'presenceAt',
  feeling: 'feelingAt',
};

/** Whether a message is older than the newest one of its facet already folded (so it must not apply). */
function isOlder(view: PartnerView, facet: Ordered, ts: number, at: FoldAt): boolean {
  if (at === 'next') return false;
  const last = view.order?.[facet];
  const follows = at && last ? followsInStream(at, last) : undefined;
  if (follows !== undefined) return !follows;
  const lastAt = view[AT_FIELD[facet]];
  return lastAt !== undefined && ts < lastAt;
}

/** A copy of `view` that records where the newest folded message of `facet` sits (kept only when known). */
function placed(view: PartnerView, facet: Ordered, at: FoldAt): PartnerView {
  const next: PartnerView = { ...view };
  const order = { ...view.order };
  if (at === undefined || at === 'next') delete order[facet];
  else order[facet] = { ...at };
  if (Object.keys(order).length > 0) next.order = order;
  else delete next.order;
  return next;
}

/** live: the value is current; frozen: the last value, nothing new; hidden: nothing; unknown: none yet. */
export type FacetState = 'live' | 'frozen' | 'hidden' | 'unknown';

export interface PartnerView {
  /** The last position shared (exact or an area), kept while frozen, dropped when hidden. */
  location?: LocatedMessage;
  locationState: FacetState;
  /** `ts` of the newest location message folded in (of any variant). */
  locationAt?: number;
  /**
   * `ts` of the tick at which the shown area (street, neighbourhood or city) last changed to another area of
   * the same level, seen live on both sides of the change. Absent at exact, frozen and hidden, and after a
   * change of level, so it says no more than the sequence of areas this view was given.
   */
  locationMovedAt?: number;
  presence?: Extract<PresenceMessage, { level: 'exact' }>;
  presenceState: FacetState;
  /** `ts` of the newest presence message: "last seen", rounded to the tick by the sender. */
  presenceAt?: number;
  feeling?: SharedFeeling;
  feelingState?: FacetState;
  feelingAt?: number;
  /** Earlier feelings, newest first (each once, by when it was set); dropped when feelings are hidden. */
  feelings?: SharedFeeling[];
  /** The sharer's trail and moments levels in force, as their newest presence message said. */
  keep?: KeepLevels;
  /** Positions shared, newest first, as far as `keep.trail` allows (none while it is hidden or unknown). */
  trail?: LocatedMessage[];
  /** Photo pins, newest first, as far as `keep.moments` allows. */
  pins?: MomentPin[];
  /** Where the newest folded location, presence and feeling sit in the sender's stream (what orders them). */
  order?: Partial<Record<Ordered, SeqPosition>>;
}

/**
 * Whether a value at `level` may be kept under `allowed`: exact keeps all; an area level keeps values as
 * coarse or coarser; frozen keeps what was kept (nothing new); hidden keeps nothing.
 */
function keeps(allowed: ShieldLevel, level: ShieldLevel, adding: boolean): boolean {
  if (allowed === 'hidden') return false;
  if (allowed === 'frozen') return !adding;
  return shieldRank(level) <= shieldRank(allowed);
}

/** Drops what the named levels no longer allow. */
function withdraw(view: PartnerView, keep: KeepLevels): void {
  const trail = (view.trail ?? []).filter((l) => keeps(keep.trail, l.level, false));
  if (trail.length > 0) view.trail = trail;
  else delete view.trail;
  const pins = (view.pins ?? []).filter((p) => keeps(keep.moments, p.place.level, false));
  if (pins.length > 0) view.pins = pins;
  else delete view.pins;
}

function samePlace(a: LocatedMessage | undefined, b: LocatedMessage): boolean {
  return a !== undefined && a.level === b.level && a.lat === b.lat && a.lon === b.lon;
}

/** A new position joins the trail if the trail level allows it and it is not the newest one again. */
function addToTrail(view: PartnerView, loc: LocatedMessage): void {
  const allowed = view.keep?.trail ?? 'hidden';
  if (!keeps(allowed, loc.level, true) || samePlace(view.trail?.[0], loc)) return;
  view.trail = [loc, ...(view.trail ?? [])].slice(0, TRAIL_KEPT);
}

/** Whether a photo's pin is drawn now: it was kept and the moments level still allows it. */
export function pinOf(view: PartnerView, id: string): MomentPin | undefined {
  return view.pins?.find((p) => p.id === id);
}

export const emptyView = (): PartnerView => ({ locationState: 'unknown', presenceState: 'unknown', feelingState: 'unknown' });

/**
 * Returns the view after one message at `at` in its sender's stream (the input is not changed). What a
 * kind does here is its registry fold rule (core `kinds/registry.ts`): `latest` kinds replace their value,
 * `pin` adds a photo pin, `stream` kinds are kept by the inbox and leave the view as it is.
 */
export function foldMessage(view: PartnerView, message: Message, at?: FoldAt): PartnerView {
  if (KINDS[message.kind].fold === 'stream') return view;
  switch (message.kind) {
    case 'feeling': {
      if (isOlder(view, 'feeling', message.ts, at)) return view;
      const next: PartnerView = { ...placed(view, 'feeling', at), feelingAt: message.ts };
      switch (message.level) {
        case 'frozen':
          next.feelingState = view.feeling ? 'frozen' : 'unknown';
          return next;
        case 'hidden':
        case 'unknown':
          delete next.feeling;
          if (message.level === 'hidden') delete next.feelings;
          next.feelingState = message.level;
          return next;
        default: {
          next.feeling = message;
          next.feelingState = 'live';
          const past = view.feelings ?? [];
          if (past[0]?.since !== message.since)
            next.feelings = [message, ...past.filter((f) => f.since !== message.since)].slice(0, FEELING_HISTORY);
          return next;
        }
      }
    }
    case 'location': {
      if (isOlder(view, 'location', message.ts, at)) return view;
      const next: PartnerView = { ...placed(view, 'location', at), locationAt: message.ts };
      switch (message.level) {
        case 'frozen':
          next.locationState = view.location ? 'frozen' : 'unknown';
          delete next.locationMovedAt;
          return next;
        case 'hidden':
        case 'unknown':
          delete next.location;
          delete next.locationMovedAt;
          next.locationState = message.level;
          return next;
        default: {
          const before = view.locationState === 'live' ? view.location : undefined;
          if (message.level === 'exact' || before?.level !== message.level) delete next.locationMovedAt;
          else if (before.lat !== message.lat || before.lon !== message.lon) next.locationMovedAt = message.ts;
          next.location = message;
          next.locationState = 'live';
          addToTrail(next, message);
          return next;
        }
      }
    }
    case 'moment': {
      // A photo is pinned at the moments level in force when it was sent; later lowerings withdraw it.
      if (message.place.level === 'none' || view.pins?.some((p) => p.id === message.id)) return view;
      const pin: MomentPin = { id: message.id, ts: message.ts, place: message.place };
      return { ...view, pins: [pin, ...(view.pins ?? [])].slice(0, PINS_KEPT) };
    }
    case 'presence': {
      if (isOlder(view, 'presence', message.ts, at)) return view;
      const next: PartnerView = { ...placed(view, 'presence', at), presenceAt: message.ts };
      if (message.keep) {
        next.keep = { ...message.keep };
        withdraw(next, message.keep);
        // The position folded just before this (the same tick) joins a trail the sharer just raised.
        if (next.locationState === 'live' && next.location) addToTrail(next, next.location);
      }
      switch (message.level) {
        case 'frozen':
          next.presenceState = view.presence ? 'frozen' : 'unknown';
          return next;
        case 'hidden':
          delete next.presence;
          next.presenceState = 'hidden';
          return next;
        default:
          next.presence = message;
          next.presenceState = 'live';
          return next;
      }
    }
    default:
      return view; // a stream kind (glances, thoughts, receipts, photo bytes) is kept by the inbox, not folded
  }
}
