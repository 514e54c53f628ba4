/**
 * The import pipeline's one seam: a file format is a `FixParser` and nothing else. A parser is pushed the
 * file's text a piece at a time (`feed`), hands back the fixes each piece completed, and at `end` the
 * rest; `report` says what it read, kept and rejected, and where the file broke if it did. So a file of
 * any size is read with memory bounded by one piece, and everything before a fault is kept.
 *
 * What the parser does not do is the caller's (client): dropping a fix it already holds (`fixKey`), and
 * splitting fixes into days.
 */
import type { TrailFix } from '../trail/trail-day.ts';

/** A fix read from a file, with the file's own time. */
export interface ImportedFix {
  /** Unix ms, from the file. */
  time: number;
  lat: number;
  lon: number;
  /** Elevation, metres. */
  ele?: number;
  /** Metres per second. */
  speed?: number;
  /** Degrees clockwise from north. */
  course?: number;
  /** Horizontal dilution of precision (no unit). */
  hdop?: number;
  /** Horizontal accuracy, metres (OwnTracks `acc`). */
  acc?: number;
}

/** Why a point in a file was not kept. */
export const IMPORT_REJECTIONS = {
  /** No lat/lon, or one that is not a number in range. */
  badCoordinates: 'bad-coordinates',
  /** No time: a fix cannot be placed in a day without one. */
  noTime: 'no-time',
  /** A time that is not an ISO 8601 date-time, or lies outside 1970 to 275760. */
  badTime: 'bad-time',
} as const;
export type ImportRejection = (typeof IMPORT_REJECTIONS)[keyof typeof IMPORT_REJECTIONS];

/** Where a file stopped being readable: everything before it was kept. */
export interface ImportFault {
  message: string;
  /** Characters (UTF-16 code units) into the text fed, zero-based. */
  offset: number;
  /** One-based. */
  line: number;
  /** Zero-based, in characters of that line. */
  column: number;
}

export interface ImportReport {
  format: string;
  /** Points seen (kept + every rejection). */
  read: number;
  kept: number;
  rejected: Record<ImportRejection, number>;
  fault?: ImportFault;
}

export interface FixParser {
  /** The fixes the text so far completed (in file order). After a fault, nothing more. */
  feed(chunk: string): ImportedFix[];
  /** The end of the file: the fixes still held, and a fault if the file was cut short. */
  end(): ImportedFix[];
  report(): ImportReport;
}

/** One file format: its name, the file name endings it is chosen by, and a new parser. */
export interface ImportFormat {
  name: string;
  extensions: readonly string[];
  parser(): FixParser;
}

export function emptyReport(format: string): ImportReport {
  return { format, read: 0, kept: 0, rejected: { 'bad-coordinates': 0, 'no-time': 0, 'bad-time': 0 } };
}

/**
 * The key two fixes are the same by: time to the ms and place to 1e-7° (what a trail day keeps), so a
 * file imported twice, or a point both recorded live and imported, is kept once.
 */
export function fixKey(fix: { time: number; lat: number; lon: number } | { ts: number; lat: number; lon: number }): string {
  const time = 'time' in fix ? fix.time : fix.ts;
  return `${time}:${Math.round(fix.lat * 1e7)}:${Math.round(fix.lon * 1e7)}`;
}

/** An imported fix as the trail keeps it: elevation is altitude, course is bearing; hdop has no unit and stays out. */
export function trailFixOf(fix: ImportedFix): TrailFix {
  return {
    ts: fix.time,
    lat: fix.lat,
    lon: fix.lon,
    ...(fix.acc !== undefined ? { acc: fix.acc } : {}),
    ...(fix.ele !== undefined ? { alt: fix.ele } : {}),
    ...(fix.speed !== undefined ? { speed: fix.speed } : {}),
    ...(fix.course !== undefined ? { bearing: fix.course } : {}),
  };
}
