/**
 * GPSLogger for Android (research notes §1.6, §2.10).
 *
 * **Custom URL** (`readGpsLogger`): the user writes a URL and/or body whose `%PLACEHOLDERS`
 * the app fills in for each point; the bridge hands over the query string or form body decoded into a map.
 * Parameter names are whatever the user wrote, so the common ones are read, case-insensitively:
 * `lat`/`latitude`, `lon`/`longitude`/`lng`, `time`/`timestamp` (ISO, `%TIME`/`%TIMEOFFSET`, or Unix s,
 * `%TIMESTAMP`), `acc`/`accuracy`, `alt`/`altitude`, `spd`/`speed`/`s` (m/s; `s` is the app's default URL's),
 * `spd_kph` (km/h), `dir`/`bearing`, `batt`/`battery` (%), `charging`/`ischarging`. A value the app left as
 * its placeholder (`%LAT`: a placeholder it does not know) is unknown. `aid` and `ser` (`%AID`, `%SER`:
 * the Android ID and the build serial) are never read: GPSLogger carries no other name for the phone, so its
 * items have no `device` (the bridge knows the phone by the token it posts with). GPSLOGGER_QUERY is the
 * parameter list setup prints.
 *
 * **Batches.** What the research notes say (read 2026-12): the Custom URL sender sends **one request per
 * point**, also when it catches up after being offline (users asked for batched JSON POSTs, gpslogger#355);
 * GPSLogger's **Dawarich sender batches as Overland GeoJSON** (`readOverland` reads that). The notes show no
 * sender that posts CSV: the CSV is the log file GPSLogger writes, which users re-upload by hand when the
 * Custom URL gave up (gpslogger#1233). `readGpsLoggerCsv` reads that file (an upload, or a body someone
 * posts it as); whether any GPSLogger version posts CSV by itself is unknown here.
 *
 * CSV: the header names the columns (`time,lat,lon,elevation,accuracy,bearing,speed,satellites,provider,
 * activity,battery` in the sample; other versions may carry more or order them differently, so columns are
 * found by name, and a `battery_charging` column is read when there is one); quoted fields ("a, b") are read,
 * a field never spans lines. `speed` is m/s, `battery` %.
 */
import { EntwineError } from '../errors.ts';
import { booleanOf, fixItem, fixOf, isRejected, numberOf, placeAndTime } from './tracker-fields.ts';
import type { TrackerItem } from './tracker-item.ts';

/** The Custom URL parameters setup recommends: every field Entwine reads, and no device identifier. */
export const GPSLOGGER_QUERY = 'lat=%LAT&lon=%LON&time=%TIMESTAMP&acc=%ACC&alt=%ALT&spd=%SPD&dir=%DIR&batt=%BATT&charging=%ISCHARGING';

const invalid = (detail: string) => new EntwineError('ENTWINE_ERR_INPUT_INVALID', `gpslogger: ${detail}`);

/** `%LAT`, `%TIMESTAMP`, `%SPD_KPH`: a placeholder the app did not fill in. */
const PLACEHOLDER = /^%[A-Z_]+$/i;

const LAT = ['lat', 'latitude'];
const LON = ['lon', 'longitude', 'lng'];

/** The lower-cased parameters, without the ones that are only placeholders. */
function fieldsOf(params: Record<string, string>): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    const name = key.trim().toLowerCase();
    if (typeof value !== 'string' || fields.has(name)) continue;
    fields.set(name, PLACEHOLDER.test(value.trim()) ? '' : value);
  }
  return fields;
}

const first = (fields: Map<string, string>, names: readonly string[]): string | undefined => {
  for (const n of names) {
    const v = fields.get(n);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
};

/** One point from a Custom URL request's parameters. */
export function readGpsLogger(params: Record<string, string>): TrackerItem[] {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalid(`expected the request's parameters as a map, got ${params === null ? 'null' : typeof params}`);
  }
  const fields = fieldsOf(params);
  if (!LAT.some((n) => fields.has(n)) || !LON.some((n) => fields.has(n))) {
    // Not a misread point but a misconfigured URL (or not GPSLogger at all): the app should hear it.
    throw invalid(`expected lat and lon parameters (${GPSLOGGER_QUERY}), got ${[...fields.keys()].join(', ') || 'none'}`);
  }
  const at = placeAndTime(first(fields, LAT), first(fields, LON), first(fields, ['time', 'timestamp']), 0);
  if (isRejected(at)) return [at];
  const spd = numberOf(first(fields, ['spd', 'speed', 's']));
  const kph = numberOf(first(fields, ['spd_kph']));
  const batt = numberOf(first(fields, ['batt', 'battery']));
  const fix = fixOf(at, {
    acc: numberOf(first(fields, ['acc', 'accuracy'])),
    alt: numberOf(first(fields, ['alt', 'altitude'])),
    speed: spd ?? (kph === undefined ? undefined : kph / 3.6),
    bearing: numberOf(first(fields, ['dir', 'bearing'])),
    batteryLevel: batt === undefined ? undefined : batt / 100,
    charging: booleanOf(first(fields, ['charging', 'ischarging'])),
  });
  return [fixItem(fix, undefined)];
}

/** One CSV line's fields: commas split, double quotes group, `""` inside quotes is a quote. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** GPSLogger's CSV log as tracker items, one a data row (`index` counts data rows from 0). */
export function readGpsLoggerCsv(text: string): TrackerItem[] {
  if (typeof text !== 'string') throw invalid(`expected CSV text, got ${text === null ? 'null' : typeof text}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [time, lat, lon] = [col('time'), col('lat'), col('lon')];
  if (time < 0 || lat < 0 || lon < 0) {
    throw invalid(`expected a CSV header with time, lat and lon, got ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  }
  const cols = {
    alt: col('elevation'),
    acc: col('accuracy'),
    bearing: col('bearing'),
    speed: col('speed'),
    battery: col('battery'),
    charging: col('battery_charging'),
  };
  const items: TrackerItem[] = [];
  let index = 0;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const f = splitCsvLine(line);
    const get = (i: number) => (i < 0 ? undefined : f[i]);
    const at = placeAndTime(get(lat), get(lon), get(time), index++);
    if (isRejected(at)) {
      items.push(at);
      continue;
    }
    const battery = numberOf(get(cols.battery));
    const fix = fixOf(at, {
      acc: numberOf(get(cols.acc)),
      alt: numberOf(get(cols.alt)),
      speed: numberOf(get(cols.speed)),
      bearing: numberOf(get(cols.bearing)),
      batteryLevel: battery === undefined ? undefined : battery / 100,
      charging: booleanOf(get(cols.charging)),
    });
    items.push(fixItem(fix, undefined));
  }
  return items;
}
