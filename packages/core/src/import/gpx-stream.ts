/**
 * GPX 1.0 / 1.1 read as a stream (`saxes`, a maintained non-validating SAX parser): the text is pushed a
 * piece at a time and each track point (`<trkpt>`, and `<rtept>` of a route) is handed on as soon as it
 * closes, with its `lat`/`lon`, `<time>`, `<ele>`, `<hdop>`, and `<speed>`/`<course>` (GPX 1.0 children,
 * or the same local names inside `<extensions>`, e.g. Garmin's TrackPointExtension).
 *
 * Guarantees:
 * - memory is bounded by the piece fed, not the file: nothing is kept of a point once it is handed on,
 *   saxes is given a text handler only inside the few fields read, and a field longer than
 *   MAX_FIELD_CHARS is a fault rather than a buffer that grows;
 * - malformed XML, a root that is not `<gpx>`, or a file cut short stops reading at the first fault, whose
 *   offset (characters into the text), line and column are reported; every point completed before it is
 *   kept, nothing after;
 * - a number is read only in plain decimal (no hex, no empty string as 0), a time only as ISO 8601 (a time
 *   without a zone is UTC, as GPX says); a point without usable lat/lon is rejected and counted, an
 *   optional field out of range is left out.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { emptyReport, type FixParser, IMPORT_REJECTIONS, type ImportedFix, type ImportFault, type ImportReport } from './fix-source.ts';

/** A point as the file gives it, before its time is judged (`parseGpx` keeps points without one). */
export interface GpxPoint {
  lat: number;
  lon: number;
  /** The `<time>` text, when there is one. */
  time?: string;
  ele?: number;
  speed?: number;
  course?: number;
  hdop?: number;
}

/** The longest text of a field read (a time with nanoseconds and a zone is 35 characters). */
export const MAX_FIELD_CHARS = 256;

const POINT_TAGS = new Set(['trkpt', 'rtept']);
type Field = 'time' | 'ele' | 'speed' | 'course' | 'hdop';
const FIELDS: ReadonlySet<string> = new Set<Field>(['time', 'ele', 'speed', 'course', 'hdop']);
/** Plausible ranges; a value outside is left out of the fix (the point is kept). */
const RANGES: Readonly<Record<Exclude<Field, 'time'>, [number, number]>> = {
  ele: [-10_000, 100_000],
  speed: [0, 10_000],
  course: [0, 360],
  hdop: [0, 10_000],
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A plain decimal number, or undefined. */
export function parseDecimal(text: string | undefined): number | undefined {
  const t = text?.trim();
  if (!t || !DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):?(\d{2}))?$/;

/** An ISO 8601 date-time (UTC when it names no zone) as Unix ms, or undefined. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone, sign, zh, zm] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 30 February
  const offsetMin = zone && zone !== 'Z' ? (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm)) : 0;
  const t = utc - offsetMin * 60_000;
  return t >= 0 && t <= 8.64e15 ? t : undefined;
}

/**
 * The streaming reader under both the import parser and `parseGpx`: `onPoint` for every point with usable
 * lat/lon, `onBadPoint` for every other one.
 */
export function gpxPointReader(onPoint: (p: GpxPoint) => void, onBadPoint: () => void) {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let fault: ImportFault | undefined;
  /** Characters written so far: saxes's own `position` is only right inside its callbacks. */
  let fed = 0;
  let sawRoot = false;
  let depth = 0;
  let point: { depth: number; lat: number | undefined; lon: number | undefined; fields: Partial<Record<Field, string>> } | undefined;
  let capture: { field: Field; depth: number; start: number; text: string } | undefined;

  /**
   * Whitespace before the XML declaration, taken off before saxes sees it: XML forbids it, but exporters write
   * it (Dawarich's own sample starts with a blank line) and every GPX reader users compare with accepts it.
   * Counted, so a fault's offset and line are still the file's.
   */
  const lead = { chars: 0, lines: 0, done: false };

  const stop = (message: string, offset = parser.position + lead.chars) => {
    if (fault) return;
    fault = { message, offset, line: parser.line + lead.lines, column: parser.column };
    parser.off('text');
    parser.off('cdata');
  };
  const onText = (text: string) => {
    if (capture) capture.text += text;
  };

  // saxes says "12:3: disallowed character in closing tag.": the place is in the fault, and the sentence is the caller's to end.
  parser.on('error', (error) => stop(error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (fault) return;
    depth++;
    const name = localName(tag.name);
    if (!sawRoot) {
      sawRoot = true;
      if (name !== 'gpx') stop(`expected a <gpx> root element, got <${tag.name}>`);
      return;
    }
    if (!point) {
      if (POINT_TAGS.has(name)) point = { depth, lat: parseDecimal(tag.attributes.lat), lon: parseDecimal(tag.attributes.lon), fields: {} };
      return;
    }
    if (!capture && FIELDS.has(name) && point.fields[name as Field] === undefined) {
      capture = { field: name as Field, depth, start: parser.position + lead.chars, text: '' };
      parser.on('text', onText);
      parser.on('cdata', onText);
    }
  });
  parser.on('closetag', () => {
    if (fault) return;
    if (capture && capture.depth === depth) {
      if (point) point.fields[capture.field] = capture.text;
      capture = undefined;
      parser.off('text');
      parser.off('cdata');
    }
    if (point && point.depth === depth) {
      const { lat, lon, fields } = point;
      point = undefined;
      if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) onBadPoint();
      else onPoint(withFields({ lat, lon }, fields));
    }
    depth--;
  });

  return {
    write(chunk: string): void {
      if (fault) return;
      fed += chunk.length;
      if (!lead.done) {
        const rest = chunk.replace(/^[ \t\r\n]+/, '');
        const cut = chunk.slice(0, chunk.length - rest.length);
        lead.chars += cut.length;
        lead.lines += cut.split('\n').length - 1;
        if (!rest) return;
        lead.done = true;
        chunk = rest;
      }
      parser.write(chunk);
      if (capture && fed - capture.start > MAX_FIELD_CHARS)
        stop(`expected a <${capture.field}> of at most ${MAX_FIELD_CHARS} characters, got more`, fed);
    },
    close(): void {
      if (!fault) parser.close();
    },
    fault: (): ImportFault | undefined => fault,
  };
}

function withFields(p: GpxPoint, fields: Partial<Record<Field, string>>): GpxPoint {
  if (fields.time !== undefined) p.time = fields.time;
  for (const key of ['ele', 'speed', 'course', 'hdop'] as const) {
    const n = parseDecimal(fields[key]);
    const [lo, hi] = RANGES[key];
    if (n !== undefined && n >= lo && n <= hi) p[key] = n;
  }
  return p;
}

/** The import parser for GPX: points need a time (the file's own) to be kept. */
export function gpxFixParser(): FixParser {
  const report: ImportReport = emptyReport('gpx');
  let out: ImportedFix[] = [];
  const reader = gpxPointReader(
    (p) => {
      report.read++;
      if (p.time === undefined) return void report.rejected[IMPORT_REJECTIONS.noTime]++;
      const time = parseIsoTime(p.time);
      if (time === undefined) return void report.rejected[IMPORT_REJECTIONS.badTime]++;
      report.kept++;
      const { time: _, ...rest } = p;
      out.push({ ...rest, time });
    },
    () => {
      report.read++;
      report.rejected[IMPORT_REJECTIONS.badCoordinates]++;
    },
  );
  const drain = () => {
    const done = out;
    out = [];
    return done;
  };
  return {
    feed(chunk) {
      reader.write(chunk);
      return drain();
    },
    end() {
      reader.close();
      return drain();
    },
    report() {
      const fault = reader.fault();
      return { ...report, rejected: { ...report.rejected }, ...(fault ? { fault } : {}) };
    },
  };
}
