/**
 * The field readers every tracker reader shares, so that one rule holds for all apps:
 * - a number may come as a JSON number or as a decimal string ("52.5"): query and form parameters are
 *   always strings, and some apps' JSON quotes numbers too; anything else (`"%LAT"`, `"abc"`, `true`) is unknown;
 * - a time is ISO 8601 (`Z`, `+02:00`, `-0700` without the colon as Overland writes it, or no zone = UTC; a
 *   space instead of the `T` is read too, Traccar's `yyyy-MM-dd HH:mm:ss`), or a Unix number: **seconds below
 *   1e11, milliseconds from 1e11 on** (1e11 s is the year 5138, 1e11 ms is 1973-03-03, so no real time of
 *   either kind is misread); the result is an integer Unix ms;
 * - a point's coordinates: missing, not a number or out of range → `bad-coordinates`; exactly 0,0 →
 *   `null-island`; its time missing or not a time → `bad-time`;
 * - an optional field out of its range is left out, never a reason to reject: negative speed, course or
 *   accuracy is how the apps say "unknown", and so is an accuracy of 0 (OwnTracks leaves `acc` out when 0,
 *   OsmAnd clients send `accuracy=0` when they have none; no receiver is exact to the millimetre).
 */
import { parseDecimal, parseIsoTime } from '../import/gpx-stream.ts';
import { TRACKER_REJECTIONS, type TrackerFix, type TrackerItem } from './tracker-item.ts';

/** Unix numbers from this on are milliseconds, below it seconds (see the header). */
export const UNIX_MS_FROM = 1e11;

/** The latest time a JS Date can hold, in ms. */
const MAX_TIME_MS = 8.64e15;

/** A finite number, from a number or a decimal string; anything else is unknown. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return parseDecimal(v);
  return undefined;
}

/** How a payload's value is named in an error: "null", "an array", or its `typeof`. */
export const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const within = (v: number | undefined, lo: number, hi: number) => (v !== undefined && v >= lo && v <= hi ? v : undefined);

/** `true`/`false` as a boolean or its word (any case); `1`/`0` too; anything else unknown. */
export function booleanOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const word = typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'number' ? String(v) : undefined;
  if (word === 'true' || word === '1') return true;
  if (word === 'false' || word === '0') return false;
  return undefined;
}

/** A non-empty trimmed string, or undefined. */
export function textOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Unix seconds or ms (by `msFrom`) to integer ms, or undefined when out of a Date's range. */
export function unixMs(n: number, msFrom = UNIX_MS_FROM): number | undefined {
  const ms = Math.round(n >= msFrom ? n : n * 1000);
  return ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

/** A time as integer Unix ms: ISO 8601 (or `yyyy-MM-dd HH:mm:ss`, UTC), or a Unix number (see `unixMs`). */
export function timeOf(v: unknown, msFrom = UNIX_MS_FROM): number | undefined {
  const n = numberOf(v);
  if (n !== undefined) return unixMs(n, msFrom);
  if (typeof v !== 'string') return undefined;
  const t = v.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:)/, '$1T$2');
  const ms = parseIsoTime(t);
  return ms === undefined ? undefined : Math.floor(ms);
}

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const text = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** What a rejected point says: its reason, its index in the payload, and what was wrong, in words. */
export type Rejected = Extract<TrackerItem, { kind: 'rejected' }>;

/**
 * A point's place and time, or why it cannot be a fix. `index` is the point's place in its payload.
 */
export function placeAndTime(
  rawLat: unknown,
  rawLon: unknown,
  rawTime: unknown,
  index: number,
  msFrom = UNIX_MS_FROM,
): { lat: number; lon: number; ts: number } | Rejected {
  const lat = numberOf(rawLat);
  const lon = numberOf(rawLon);
  if (within(lat, -90, 90) === undefined || within(lon, -180, 180) === undefined) {
    return {
      kind: 'rejected',
      reason: TRACKER_REJECTIONS.badCoordinates,
      index,
      detail: `expected lat in ±90 and lon in ±180, got lat ${show(rawLat)}, lon ${show(rawLon)}`,
    };
  }
  if (lat === 0 && lon === 0) {
    return { kind: 'rejected', reason: TRACKER_REJECTIONS.nullIsland, index, detail: 'lat 0, lon 0: what a phone sends without a fix' };
  }
  const ts = timeOf(rawTime, msFrom);
  if (ts === undefined) {
    return {
      kind: 'rejected',
      reason: TRACKER_REJECTIONS.badTime,
      index,
      detail: `expected a Unix or ISO 8601 time, got ${show(rawTime)}`,
    };
  }
  return { lat: lat as number, lon: lon as number, ts };
}

export const isRejected = (v: object): v is Rejected => 'kind' in v;

/** The optional parts of a fix, already in Entwine's units; each is checked against its range here. */
export interface FixExtras {
  acc?: number | undefined;
  alt?: number | undefined;
  /** m/s. */
  speed?: number | undefined;
  bearing?: number | undefined;
  /** 0–1. */
  batteryLevel?: number | undefined;
  charging?: boolean | undefined;
}

/** A fix with the extras that are in range; those out of range are left out (unknown). */
export function fixOf(base: { lat: number; lon: number; ts: number }, extras: FixExtras): TrackerFix {
  const fix: TrackerFix = { ts: base.ts, lat: base.lat, lon: base.lon };
  const acc = extras.acc !== undefined && extras.acc > 0 ? within(extras.acc, 0, 100_000) : undefined;
  const alt = within(extras.alt, -10_000, 100_000);
  const speed = within(extras.speed, 0, 10_000);
  const bearing = within(extras.bearing, 0, 360);
  const level = within(extras.batteryLevel, 0, 1);
  if (acc !== undefined) fix.acc = acc;
  if (alt !== undefined) fix.alt = alt;
  if (speed !== undefined) fix.speed = speed;
  if (bearing !== undefined) fix.bearing = bearing === 360 ? 0 : bearing;
  if (level !== undefined) fix.battery = extras.charging === undefined ? { level } : { level, charging: extras.charging };
  return fix;
}

/** A fix item, with `device` only when there is one. */
export function fixItem(fix: TrackerFix, device: string | undefined): TrackerItem {
  return device === undefined ? { kind: 'fix', fix } : { kind: 'fix', fix, device };
}
