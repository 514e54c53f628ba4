/** What the screens render: the session's snapshot of the device, and the notices and activity it raises. */
import type {
  AppDropSetup,
  BondSummary,
  Device,
  DroppedTally,
  EndFault,
  GlanceEntry,
  PartnerView,
  PendingRequest,
  Rejection,
  ThoughtEntry,
  UpdateNeeded,
} from '@entwine/client';
import type { GlanceKind, SharedFeeling } from '@entwine/core';
import type { Fix } from '../adapters/geolocation.ts';
import type { ShownMoment } from './moment-photos.ts';

export type ActivityEvent =
  | { kind: 'location-state'; state: 'frozen' | 'hidden' }
  | { kind: 'forged'; reason: Rejection }
  | { kind: 'newer-version'; what: string }
  | { kind: 'active' }
  | { kind: 'ended'; by: 'me' | 'peer' }
  /** The partner arrived at or left one of their places (`crossedAt`: when, by their device). */
  | { kind: 'place'; event: 'arrive' | 'leave'; place: string; crossedAt: number };
export type ActivityItem = ActivityEvent & { id: number; at: number };

/** Something to tell the person; `ui/describe-notice.ts` turns it into words (failures via `explain-failure.ts`). */
export type NoticeEvent =
  | { kind: 'bond-active'; name: string }
  | { kind: 'bond-ended'; name: string; by: 'me' | 'peer' }
  | { kind: 'relay-fault'; name: string; reason: EndFault }
  | { kind: 'pairing-failed'; name: string; reason: string }
  | { kind: 'pairing-declined'; name: string }
  | { kind: 'send-refused'; name: string; code: string }
  | { kind: 'shield-reverted'; name: string; facets: string[] }
  | { kind: 'publish-failed'; error: string }
  | { kind: 'record-failed'; error: unknown }
  // What a partner sent: each also goes to the system's notifications while the page is hidden (if allowed).
  | { kind: 'glance'; bondId: string; name: string; glance: GlanceKind }
  | { kind: 'glances-muted'; bondId: string; name: string; count: number }
  | { kind: 'thought'; bondId: string; name: string; text: string }
  | { kind: 'feeling'; bondId: string; name: string; feeling: SharedFeeling }
  // `place`: where the photo was pinned, as sent (at the bond's moments level), for its name in the notice.
  | { kind: 'moment'; bondId: string; name: string; caption?: string; place?: NoticePlace }
  | { kind: 'peer-devices-changed'; bondId: string; name: string }
  // `place`: the place's name as the partner named it; `at`: when they crossed its edge (decision 0016).
  | { kind: 'place'; bondId: string; name: string; event: 'arrive' | 'leave'; place: string; at: number };

export interface NoticePlace {
  level: 'exact' | 'street' | 'neighbourhood' | 'city';
  lat: number;
  lon: number;
}

export interface Notice {
  id: number;
  at: number;
  event: NoticeEvent;
}

export interface ForgedTally {
  count: number;
  lastAt: number;
  reason: Rejection;
  from: string;
}

/** Genuine envelopes of a kind this version cannot show (sent by a newer Entwine), per bond. */
export interface NewerTally {
  count: number;
  lastAt: number;
  /** The kind the last one carried. */
  what: string;
  from: string;
}

export type GeoState = { state: 'off' } | { state: 'asking' } | { state: 'on' } | { state: 'error'; code: number };

export interface Snapshot {
  name: string;
  userId: string;
  bonds: BondSummary[];
  /** People who answered this person's invites and wait for their yes, with the numbers to compare first. */
  requests: PendingRequest[];
  /** Invites this person answered. */
  outgoing: ReturnType<Device['outgoingRequests']>;
  /** What this person sees of each active partner, by bond id (`device.viewOf`). */
  views: Record<string, PartnerView>;
  /** What each active partner sees of this person, by bond id (`device.seenBy`). */
  seen: Record<string, PartnerView>;
  /** Thoughts with each active partner, oldest first, with their marks (`device.thoughtsWith`). */
  thoughts: Record<string, ThoughtEntry[]>;
  /** Glances both ways, newest first (`device.glancesWith`). */
  glances: Record<string, GlanceEntry[]>;
  /** Photos both ways, newest first (`device.momentsWith`), each with an object URL. */
  moments: Record<string, ShownMoment[]>;
  /** Glances muted because a partner sent more than a bond allows (per bond, since the page opened). */
  muted: Record<string, number>;
  /** The feeling this person set; partners who get feelings see it from the next tick. */
  myFeeling: ReturnType<Device['myFeeling']>;
  forged: Record<string, ForgedTally>;
  newer: Record<string, NewerTally>;
  /** Newer versions of trail days a partner announced since the page opened, per bond (the Trail screen reads again). */
  trailNews: Record<string, number>;
  /** Envelopes the relay handed over that were not shown, per bond and reason (`device.dropped()`). */
  dropped: DroppedTally[];
  /** Envelopes sealed here and not yet stored by the relay. */
  outboxSize: number;
  /** The device's publish tick (what "online" means is a few of them). */
  tickMs: number;
  activity: Record<string, ActivityItem[]>;
  /** Names of the partners who get anything of this person right now (the persistent indicator). */
  sharingWith: string[];
  connection: 'connecting' | 'open' | 'closed';
  /** Set when this identity moved to another device (restored there): this browser shares and receives nothing. */
  displaced?: { at: number };
  /** Set when the relay refused this app's protocol version: someone has to update Entwine (`UpdateNeeded`). */
  updateNeeded?: UpdateNeeded;
  /** Why the first connection could not be made (kept typed; the UI explains it). */
  connectionError?: unknown;
  me?: Fix;
  /** OwnTracks set up to post sealed to this device's drop on the relay (Me → Devices & apps), if it is. */
  owntracksDrop?: AppDropSetup;
  geo: GeoState;
  notices: Notice[];
  /** Bumped on every change; lets screens re-render for ages ("2 min ago") too. */
  version: number;
}

/** Thoughts from the partner not yet shown to this person. */
export function unreadCount(thoughts: ThoughtEntry[] | undefined): number {
  return (thoughts ?? []).filter((t) => t.from === 'peer' && t.mark !== 'read').length;
}
