/**
 * The plaintext of a day chunk: a `trail-day` message (decision 0014 §2).
 *
 *   offset  size  field
 *   0       2     u16 big-endian: the JSON header's length h
 *   2       h     the JSON header, UTF-8: {kind: 'trail-day', day, level, count, encoding, stays?, trips?}
 *                 (schema/trail.ts)
 *   2+h     …     the body: raw DEFLATE (RFC 1951, `fflate`) of the columns — `fix-columns.ts` at exact,
 *                 `visit-columns.ts` at street / neighbourhood / city; with `columns-deflate-2`, then the
 *                 stay and trip columns (`stay-columns.ts`, decision 0017)
 *
 * A day whose `stays` and `trips` are both absent (not derived) is written as `columns-deflate-1`, so a reader
 * from before decision 0017 still reads it; one with either is `columns-deflate-2`, and the header says which
 * of the two the sender derived (absent: not derived; 0: derived, none). A `-1` day reads with neither.
 *
 * Decoding guarantees: a trail is returned only when the header matches its schema and the day asked
 * for, the body inflates to no more than `count` entries can take, and every column reads exactly to its
 * end with every value in range. A header naming an encoding this code does not know is `newer-version`
 * (a later client wrote it); anything else wrong is `damaged`, with the first fault in words.
 */
import { deflateSync, inflateSync } from 'fflate/browser';
import { concatBytes, utf8Decode, utf8Encode } from '../bytes.ts';
import {
  MAX_TRAIL_DAY_ENTRIES,
  MAX_TRAIL_DAY_STAYS,
  MAX_TRAIL_DAY_TRIPS,
  TRAIL_DAY_ENCODING,
  TRAIL_DAY_ENCODING_STAYS,
  type TrailDayHeader,
  trailDayHeaderSchema,
} from '../schema/trail.ts';
import { readFixColumns, writeFixColumns } from './fix-columns.ts';
import { readCellStays, readExactStays, readTrips, writeCellStays, writeExactStays, writeTrips } from './stay-columns.ts';
import { dayStartMs, type TrailDay } from './trail-day.ts';
import { ByteReader, ByteWriter } from './varint.ts';
import { readVisitColumns, writeVisitColumns } from './visit-columns.ts';

// `fflate/browser` is fflate's plain build: its default entry under Node imports `module` and
// `worker_threads` (for the asynchronous API, which core does not use), and core imports no Node API.

/** The most body bytes one entry can take (a fix with every optional field: 26.5), rounded up. */
const MAX_BYTES_PER_ENTRY = 27;
/** The most body bytes one stay or trip can take (two 8-byte varints, a byte, 5 + 5 + 3 or 8), rounded up. */
const MAX_BYTES_PER_STAY = 32;

export const TRAIL_DAY_FAILURES = { damaged: 'damaged', newerVersion: 'newer-version' } as const;
export type TrailDayFailure = (typeof TRAIL_DAY_FAILURES)[keyof typeof TRAIL_DAY_FAILURES];
export type TrailDayResult = { ok: true; trail: TrailDay } | { ok: false; reason: TrailDayFailure; error: string };

/**
 * The plaintext for one day. Fixes are put in time order (a stable sort); visits must already be in
 * order and not overlap. Throws RangeError for what cannot be encoded: more than MAX_TRAIL_DAY_ENTRIES
 * entries, a time outside the day, a value out of range.
 */
export function encodeTrailDay(trail: TrailDay): Uint8Array {
  const entries = trail.level === 'exact' ? trail.fixes : trail.visits;
  if (entries.length > MAX_TRAIL_DAY_ENTRIES)
    throw new RangeError(`trail-day: expected at most ${MAX_TRAIL_DAY_ENTRIES} entries, got ${entries.length}`);
  if ((trail.stays?.length ?? 0) > MAX_TRAIL_DAY_STAYS)
    throw new RangeError(`trail-day stays: expected at most ${MAX_TRAIL_DAY_STAYS}, got ${trail.stays?.length}`);
  if ((trail.trips?.length ?? 0) > MAX_TRAIL_DAY_TRIPS)
    throw new RangeError(`trail-day trips: expected at most ${MAX_TRAIL_DAY_TRIPS}, got ${trail.trips?.length}`);
  const derived = trail.stays !== undefined || trail.trips !== undefined;
  const header: TrailDayHeader = {
    kind: 'trail-day',
    day: trail.day,
    level: trail.level,
    count: entries.length,
    encoding: derived ? TRAIL_DAY_ENCODING_STAYS : TRAIL_DAY_ENCODING,
    ...(trail.stays ? { stays: trail.stays.length } : {}),
    ...(trail.trips ? { trips: trail.trips.length } : {}),
  };
  const checked = trailDayHeaderSchema.safeParse(header);
  if (!checked.success) throw new RangeError(`trail-day header: expected a day from 0 to 2^32 − 1, got ${trail.day}`);
  const body = new ByteWriter();
  const start = dayStartMs(trail.day);
  if (trail.level === 'exact')
    writeFixColumns(
      body,
      [...trail.fixes].sort((a, b) => a.ts - b.ts),
      start,
    );
  else writeVisitColumns(body, trail.visits, start, trail.level);
  if (trail.level === 'exact') {
    if (trail.stays) writeExactStays(body, trail.stays, start);
  } else if (trail.stays) writeCellStays(body, trail.stays, start, trail.level);
  if (trail.trips) writeTrips(body, trail.trips, start, trail.level === 'exact');
  const json = utf8Encode(JSON.stringify(header));
  const length = new Uint8Array(2);
  new DataView(length.buffer).setUint16(0, json.length);
  // Level 6, not 9: on a day of 86 400 walking fixes (bench/bridge's walk) 9 took 141 ms and 6 took 63 ms, for
  // 0.17 % more bytes (207 652 against 207 300) — which the chunk's padding to a size bucket mostly hides.
  return concatBytes(length, json, deflateSync(body.finish(), { level: 6 }));
}

/** Reads a day's plaintext, which must be of `day` (the day the chunk header said). Never throws. */
export function decodeTrailDay(plaintext: Uint8Array, day: number): TrailDayResult {
  try {
    return readTrailDay(plaintext, day);
  } catch (error) {
    return { ok: false, reason: 'damaged', error: error instanceof Error ? error.message : String(error) };
  }
}

function readTrailDay(plaintext: Uint8Array, day: number): TrailDayResult {
  if (plaintext.length < 2) throw new RangeError(`trail-day: expected at least 2 bytes, got ${plaintext.length}`);
  const headerLength = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).getUint16(0);
  if (2 + headerLength > plaintext.length)
    throw new RangeError(`trail-day header: expected ${headerLength} bytes, got ${plaintext.length - 2}`);
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(plaintext.subarray(2, 2 + headerLength)));
  } catch {
    throw new RangeError('trail-day header: expected JSON, got bytes that do not parse');
  }
  const parsed = trailDayHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const encoding = (json as { encoding?: unknown } | null)?.encoding;
    const kind = (json as { kind?: unknown } | null)?.kind;
    if (kind === 'trail-day' && typeof encoding === 'string' && encoding !== TRAIL_DAY_ENCODING && encoding !== TRAIL_DAY_ENCODING_STAYS)
      return {
        ok: false,
        reason: 'newer-version',
        error: `trail-day encoding: expected ${TRAIL_DAY_ENCODING} or ${TRAIL_DAY_ENCODING_STAYS}, got ${encoding}`,
      };
    throw new RangeError(`trail-day header: expected ${describe(parsed.error.issues[0])}`);
  }
  const header = parsed.data;
  if (header.day !== day) throw new RangeError(`trail-day day: expected ${day}, got ${header.day}`);
  const stays = header.stays;
  const trips = header.trips;
  const max = 16 + header.count * MAX_BYTES_PER_ENTRY + ((stays ?? 0) + (trips ?? 0)) * MAX_BYTES_PER_STAY;
  const body = new ByteReader(inflateBounded(plaintext.subarray(2 + headerLength), max), 'trail-day');
  const start = dayStartMs(day);
  let trail: TrailDay;
  if (header.level === 'exact') {
    const fixes = readFixColumns(body, header.count, start);
    trail = { day, level: 'exact', fixes };
    if (stays !== undefined) trail.stays = readExactStays(body, stays, start);
  } else {
    const visits = readVisitColumns(body, header.count, start, header.level);
    trail = { day, level: header.level, visits };
    if (stays !== undefined) trail.stays = readCellStays(body, stays, start, header.level);
  }
  if (trips !== undefined) trail.trips = readTrips(body, trips, start, header.level === 'exact');
  body.end();
  return { ok: true, trail };
}

/**
 * Inflates into a buffer one byte larger than `max`: fflate writes no further into a buffer it was given,
 * so a body that fills it is too large for its count, and memory stays bounded whatever the input says.
 */
function inflateBounded(deflated: Uint8Array, max: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateSync(deflated, { out: new Uint8Array(max + 1) });
  } catch (error) {
    throw new RangeError(
      `trail-day body: expected DEFLATE data, got ${error instanceof Error ? error.message : 'bytes that do not inflate'}`,
    );
  }
  if (out.length > max) throw new RangeError(`trail-day body: expected at most ${max} bytes inflated, got more`);
  return out;
}

function describe(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'a trail-day header';
  return `${issue.path.map(String).join('.') || 'the header'} valid (${issue.message})`;
}
