/**
 * Traccar Client, OsmAnd and the many small trackers that speak the OsmAnd protocol (research notes §2.9).
 *
 * Query/form form (`readTraccarQuery`), one point a request: `id` or `deviceid` names the device and is
 * required (a request without it is refused whole, as Traccar does); `lat` and `lon`, or `location=lat,lon`;
 * `timestamp` as Unix seconds, Unix **ms when above 2³¹** (Traccar's own rule, kept so a client gets the same
 * reading here as on a Traccar server), ISO 8601, or `yyyy-MM-dd HH:mm:ss` (UTC); `speed` in **knots** (the
 * protocol's unit) → m/s; `bearing` or `heading`; `altitude` m; `accuracy` m; `batt` %; `charge` true/false.
 * Keys are read case-insensitively; every other parameter (`hdop`, `cell`, `wifi`, `valid`, …) is not read.
 *
 * JSON form (`readTraccarJson`, Traccar Client 9+): `{ location: {timestamp, coords: {latitude, longitude,
 * accuracy, speed, heading, altitude}, battery: {level, is_charging}}, device_id }`, where `location` may also
 * be an array (several fixes). Here speed is **m/s**, battery 0–1, and -1 is "unknown" for speed, heading,
 * accuracy and battery level.
 */
import { EntwineError } from '../errors.ts';
import { booleanOf, fixItem, fixOf, isObject, isRejected, kindOf, numberOf, placeAndTime, textOf } from './tracker-fields.ts';
import { TRACKER_REJECTIONS, type TrackerItem } from './tracker-item.ts';

/** Knots to m/s: 1852 m / 3600 s. */
export const KNOT_MPS = 1852 / 3600;

/** Traccar reads a Unix time above 2³¹ as ms. */
const TRACCAR_MS_FROM = 2 ** 31 + 1;

const invalid = (detail: string) => new EntwineError('ENTWINE_ERR_INPUT_INVALID', `traccar: ${detail}`);

/** One OsmAnd-protocol request's parameters (query string or form body, decoded) as one point. */
export function readTraccarQuery(params: Record<string, string>): TrackerItem[] {
  if (!isObject(params)) throw invalid(`expected the request's parameters as a map, got ${kindOf(params)}`);
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    const name = key.trim().toLowerCase();
    if (typeof value === 'string' && !fields.has(name)) fields.set(name, value);
  }
  const get = (...names: string[]) => {
    for (const n of names) {
      const v = textOf(fields.get(n));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const device = get('id', 'deviceid');
  if (device === undefined) throw invalid('expected an "id" (or "deviceid") parameter naming the device, got none');
  let lat: string | undefined = get('lat');
  let lon: string | undefined = get('lon');
  const location = get('location');
  if ((lat === undefined || lon === undefined) && location !== undefined) {
    const parts = location.split(',');
    if (parts.length === 2) [lat, lon] = parts;
  }
  const at = placeAndTime(lat, lon, get('timestamp'), 0, TRACCAR_MS_FROM);
  if (isRejected(at)) return [at];
  const knots = numberOf(get('speed'));
  const batt = numberOf(get('batt'));
  const fix = fixOf(at, {
    acc: numberOf(get('accuracy')),
    alt: numberOf(get('altitude')),
    speed: knots === undefined ? undefined : knots * KNOT_MPS,
    bearing: numberOf(get('bearing', 'heading')),
    batteryLevel: batt === undefined ? undefined : batt / 100,
    charging: booleanOf(get('charge')),
  });
  return [fixItem(fix, device)];
}

function readJsonLocation(loc: unknown, index: number, device: string | undefined): TrackerItem {
  if (!isObject(loc)) {
    return { kind: 'rejected', reason: TRACKER_REJECTIONS.badCoordinates, index, detail: `expected a location object, got ${kindOf(loc)}` };
  }
  const coords = isObject(loc.coords) ? loc.coords : {};
  const at = placeAndTime(coords.latitude, coords.longitude, loc.timestamp, index, TRACCAR_MS_FROM);
  if (isRejected(at)) return at;
  const battery = isObject(loc.battery) ? loc.battery : {};
  const fix = fixOf(at, {
    acc: numberOf(coords.accuracy),
    alt: numberOf(coords.altitude),
    speed: numberOf(coords.speed),
    bearing: numberOf(coords.heading),
    batteryLevel: numberOf(battery.level),
    charging: booleanOf(battery.is_charging),
  });
  return fixItem(fix, device);
}

/** A Traccar Client 9+ JSON body (parsed) as tracker items; `location` one object or an array of them. */
export function readTraccarJson(body: unknown): TrackerItem[] {
  if (!isObject(body)) throw invalid(`expected an object with "location", got ${kindOf(body)}`);
  const device = textOf(body.device_id) ?? (typeof body.device_id === 'number' ? String(body.device_id) : undefined);
  const { location } = body;
  if (Array.isArray(location)) return location.map((loc, i) => readJsonLocation(loc, i, device));
  if (isObject(location)) return [readJsonLocation(location, 0, device)];
  throw invalid(`expected "location" to be an object or an array of them, got ${kindOf(location)}`);
}
