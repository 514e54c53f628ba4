/**
 * Overland (iOS; the Android port; GPSLogger's Dawarich sender) batch POST: `{ locations: Feature[], current?, trip? }`
 * (research notes §2.8). The app deletes its queue only once the batch is acknowledged, so a batch that
 * cannot be read as a whole (not an object, no `locations` array, more than OVERLAND_MAX_BATCH features)
 * is refused and sent again later; a single bad feature is rejected and the rest kept.
 *
 * Per feature:
 * - a Point with `properties.timestamp` (ISO 8601; Overland writes offsets without a colon, `-0700`) → a fix:
 *   `speed` m/s, `horizontal_accuracy` m, `altitude` m, `course` deg (negative speed, course or accuracy
 *   is the app's "unknown"), `battery_level` 0–1, `battery_state` charging/full → charging, unplugged →
 *   not charging, unknown → absent; `device_id` → device when not empty;
 * - `properties.action: "visit"` with a geometry → the phone's visit (iOS CLVisit): `arrival_date`,
 *   `departure_date`; a departure after the year 3000 is iOS's "still there" (`distantFuture`) and is left
 *   out; an arrival that is not a time (iOS's `distantPast`) rejects the visit as `bad-time`;
 * - `properties.type: "trip"` → ignored (the bridge finds trips itself);
 * - no geometry (app lifecycle: `action: "will_terminate"`, …) → ignored;
 * - not an object, or a geometry that is not a Point → rejected `bad-coordinates`.
 * `current` and `trip` beside `locations` are not read: `current` is the newest queued point, which comes
 * again in a later batch, and `trip` is the app's own trip summary.
 */
import { EntwineError } from '../errors.ts';
import { fixItem, fixOf, isObject, isRejected, kindOf, numberOf, placeAndTime, textOf, timeOf } from './tracker-fields.ts';
import { TRACKER_REJECTIONS, type TrackerItem } from './tracker-item.ts';

/** Overland's largest batch setting; a longer body is not something the app sends. */
export const OVERLAND_MAX_BATCH = 1000;

/** A departure from this time on (3000-01-01) is iOS's "not departed yet", not a time. */
const FAR_FUTURE_MS = Date.UTC(3000, 0, 1);

const invalid = (detail: string) => new EntwineError('ENTWINE_ERR_INPUT_INVALID', `overland: ${detail}`);

const CHARGING: Readonly<Record<string, boolean>> = { charging: true, full: true, unplugged: false };

function readFeature(feature: unknown, index: number): TrackerItem {
  if (!isObject(feature)) {
    return {
      kind: 'rejected',
      reason: TRACKER_REJECTIONS.badCoordinates,
      index,
      detail: `expected a Feature object, got ${kindOf(feature)}`,
    };
  }
  const p = isObject(feature.properties) ? feature.properties : {};
  if (p.type === 'trip') return { kind: 'ignored', what: 'overland trip' };
  const g = feature.geometry;
  if (g === undefined || g === null) return { kind: 'ignored', what: `overland ${textOf(p.action) ?? 'feature without geometry'}` };
  if (!isObject(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) {
    return { kind: 'rejected', reason: TRACKER_REJECTIONS.badCoordinates, index, detail: 'expected a Point geometry with coordinates' };
  }
  const [lon, lat] = g.coordinates as unknown[];
  const device = textOf(p.device_id);
  if (p.action === 'visit') {
    const at = placeAndTime(lat, lon, p.arrival_date, index);
    if (isRejected(at)) return at;
    const departure = timeOf(p.departure_date);
    const acc = numberOf(p.horizontal_accuracy);
    return {
      kind: 'visit',
      lat: at.lat,
      lon: at.lon,
      arrival: at.ts,
      ...(acc !== undefined && acc > 0 && acc <= 100_000 ? { acc } : {}),
      ...(departure !== undefined && departure < FAR_FUTURE_MS && departure >= at.ts ? { departure } : {}),
      ...(device !== undefined ? { device } : {}),
    };
  }
  const at = placeAndTime(lat, lon, p.timestamp, index);
  if (isRejected(at)) return at;
  const state = textOf(p.battery_state);
  const fix = fixOf(at, {
    acc: numberOf(p.horizontal_accuracy),
    alt: numberOf(p.altitude),
    speed: numberOf(p.speed),
    bearing: numberOf(p.course),
    batteryLevel: numberOf(p.battery_level),
    charging: state !== undefined && Object.hasOwn(CHARGING, state) ? CHARGING[state] : undefined,
  });
  return fixItem(fix, device);
}

/** One Overland batch (the parsed JSON body) as tracker items; throws `ENTWINE_ERR_INPUT_INVALID` when it is not a batch. */
export function readOverland(body: unknown): TrackerItem[] {
  if (!isObject(body)) throw invalid(`expected an object with "locations", got ${kindOf(body)}`);
  const { locations } = body;
  if (!Array.isArray(locations)) throw invalid(`expected "locations" to be an array of Features, got ${kindOf(locations)}`);
  if (locations.length > OVERLAND_MAX_BATCH)
    throw invalid(`expected at most ${OVERLAND_MAX_BATCH} locations in a batch, got ${locations.length}`);
  return locations.map(readFeature);
}
