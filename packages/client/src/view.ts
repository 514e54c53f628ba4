/**
 * What one person sees of another, folded from the plaintexts that crossed the bond. The receiver folds
 * what it verified; the sender folds what it sent — the same function over the same plaintexts, so the
 * sharer's "as NAME sees you" preview is exactly what NAME's screen shows. Out-of-order arrivals (a
 * backlog read after live delivery) never roll a facet back: only a message at least as new applies.
 */
import type { LocatedMessage, Message, PresenceMessage, SharedFeeling } from '@entwine/core';

/** How many past feelings a view keeps for the timeline. */
export const FEELING_HISTORY = 50;

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
}

export const emptyView = (): PartnerView => ({ locationState: 'unknown', presenceState: 'unknown', feelingState: 'unknown' });

/** Returns the view after one message (the input is not changed). */
export function foldMessage(view: PartnerView, message: Message): PartnerView {
  switch (message.kind) {
    case 'feeling': {
      if (view.feelingAt !== undefined && message.ts < view.feelingAt) return view;
      const next: PartnerView = { ...view, feelingAt: message.ts };
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
      if (view.locationAt !== undefined && message.ts < view.locationAt) return view;
      const next: PartnerView = { ...view, locationAt: message.ts };
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
          return next;
        }
      }
    }
    case 'presence': {
      if (view.presenceAt !== undefined && message.ts < view.presenceAt) return view;
      const next: PartnerView = { ...view, presenceAt: message.ts };
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
      return view; // glances, thoughts and moments are streams, kept by the inbox, not folded into a view
  }
}
