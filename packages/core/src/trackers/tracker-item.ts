/**
 * What a tracker app's payload says, once read (issue 15, DESIGN §9): the one shape the bridge handles, whatever
 * app and protocol it came from (OwnTracks, Overland, GPSLogger, Traccar Client / OsmAnd). Each app's reader in
 * this folder turns its own payload into a list of these, with every unit converted (speeds to m/s, battery to
 * 0–1, times to Unix ms), so the bridge never knows one app's quirks.
 *
 * A payload that cannot be read as a whole (truncated JSON, the wrong shape, a batch over its cap) is refused
 * with an `EntwineError` (`ENTWINE_ERR_INPUT_INVALID`) and a message that says what was expected; nothing of it
 * is kept, and the app is not acknowledged. A payload that reads, but holds a point that cannot be a fix (`0,0`,
 * a latitude out of range, no time), gives that point as `rejected`, with its reason: the good points beside it
 * are kept.
 */
import type { TrailFix } from '../trail/trail-day.ts';

/** A fix from an app, in Entwine's units: `speed` m/s, `acc` and `alt` metres, `bearing` degrees, `ts` Unix ms. */
export interface TrackerFix extends TrailFix {
  /** The phone's battery when the fix was sent: 0–1, and whether it was charging (unknown: absent). */
  battery?: { level: number; charging?: boolean };
}

/** Why a point of a payload was not kept (the others of the payload are). */
export const TRACKER_REJECTIONS = {
  /** Latitude or longitude missing, not a number, or out of range. */
  badCoordinates: 'bad-coordinates',
  /** Exactly 0, 0: "null island", what a phone sends when it had no fix. */
  nullIsland: 'null-island',
  /** No time, or one that is not a time (the fix cannot be placed in a day). */
  badTime: 'bad-time',
} as const;
export type TrackerRejection = (typeof TRACKER_REJECTIONS)[keyof typeof TRACKER_REJECTIONS];

export type TrackerItem =
  /** A position. `device`: the app's own name for the phone when the payload carries one (OwnTracks topic, Overland `device_id`, Traccar `id`). */
  | { kind: 'fix'; fix: TrackerFix; device?: string }
  /**
   * The app says the phone entered or left one of its regions (OwnTracks `transition`): `place` is the
   * region's name as the app knows it. The bridge matches it with the person's own places by name; it is a
   * hint, checked against the fixes (an app's regions may differ from the person's places).
   */
  | { kind: 'transition'; event: 'enter' | 'leave'; place: string; ts: number; lat?: number; lon?: number; device?: string }
  /** A region the app defines (OwnTracks `waypoint`, and each of `waypoints`): a candidate place, never sent to a partner. */
  | { kind: 'region'; name: string; lat: number; lon: number; radiusM: number; ts?: number; device?: string }
  /** The phone's own "visit" (iOS CLVisit through Overland `action: visit`): a stay as the phone saw it. */
  | { kind: 'visit'; lat: number; lon: number; acc?: number; arrival: number; departure?: number; device?: string }
  /** Read and understood, but nothing to record (OwnTracks `lwt`, `card`, `status`; Overland app lifecycle, trips). */
  | { kind: 'ignored'; what: string }
  /** A point that cannot be a fix; `index` is its place in the payload (0 for a single message). */
  | { kind: 'rejected'; reason: TrackerRejection; index: number; detail: string };

/** The apps the bridge speaks with, by the path they post to and the name `entwine bridge setup APP` takes. */
export const TRACKER_APPS = ['owntracks', 'overland', 'gpslogger', 'traccar'] as const;
export type TrackerApp = (typeof TRACKER_APPS)[number];
/** Whether `name` is one of the apps the bridge speaks to. */
export const isTrackerApp = (name: string): name is TrackerApp => (TRACKER_APPS as readonly string[]).includes(name);
