/**
 * The stay and trip columns of a `columns-deflate-2` day (decision 0017), after the fix or visit columns and
 * before compression. The sender's stays and trips that overlap the day, as known at the seal: times are not
 * clipped to the day (a stay over midnight is in both days), so the first start may lie before the day.
 *
 *   stays (count s, header `stays`):
 *     start       s × varint: the first a zigzag ms from the day's start, then a uvarint ms after the previous start
 *     duration    s × uvarint: ms from start to end
 *     confidence  s × u8: hundredths, 0..100
 *     exact:  lat, lon  s × zigzag varint each: 1e-7°, the first from 0, then deltas
 *             radius    s × uvarint: whole metres, 1..MAX_STAY_RADIUS_M
 *     area:   row, col  s × zigzag varint each: the grid cell, the first from 0, then deltas
 *   trips (count t, header `trips`):
 *     start, duration  as for stays
 *     mode        t × u8: the index in TRIP_MODE_ORDER
 *     exact only: u8 0 (no distance column) or 1, then t × uvarint whole metres
 *
 * At an area level a trip has no distance: the column is not there, so a damaged or hostile chunk cannot carry
 * one. The decoder checks that starts never go back, each span overlaps the day, each value is in range and
 * every cell exists on the level's grid.
 */
import { cellCentre } from '../shield/grid.ts';
import type { AreaLevel } from '../shield/levels.ts';
import type { TripMode } from '../stays/trip-mode.ts';
import { checkedInt, E7, LAT_MAX, LON_MAX } from './fix-columns.ts';
import { type CellStay, DAY_MS, type DayTrip, type ExactStay, type StaySpan } from './trail-day.ts';
import type { ByteReader, ByteWriter } from './varint.ts';

/** The wire order of trip modes: append only, never reorder (a byte on the wire names one). */
export const TRIP_MODE_ORDER: readonly TripMode[] = ['still', 'walk', 'run', 'cycle', 'vehicle'];
export const MAX_STAY_RADIUS_M = 100_000;
/** Longest trip distance kept, metres: further than round the earth is damage. */
const MAX_TRIP_DISTANCE_M = 50_000_000;

type Span = { start: number; end: number };

function writeSpans(w: ByteWriter, spans: readonly Span[], dayStart: number, what: string): void {
  let prev: number | undefined;
  for (const [i, s] of spans.entries()) {
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.end < s.start)
      throw new RangeError(`${what} ${i}: expected integer ms with start ≤ end, got ${s.start}…${s.end}`);
    if (s.end < dayStart || s.start >= dayStart + DAY_MS)
      throw new RangeError(`${what} ${i}: expected a span overlapping the day from ${dayStart}, got ${s.start}…${s.end}`);
    if (prev === undefined) w.svarint(s.start - dayStart);
    else if (s.start < prev) throw new RangeError(`${what} ${i} start: expected at least ${prev}, got ${s.start}`);
    else w.uvarint(s.start - prev);
    prev = s.start;
  }
  for (const s of spans) w.uvarint(s.end - s.start);
}

function readSpans(r: ByteReader, count: number, dayStart: number, what: string): Span[] {
  const spans: Span[] = [];
  let at = dayStart;
  for (let i = 0; i < count; i++) {
    at = i === 0 ? dayStart + r.svarint(`${what} start`) : at + r.uvarint(`${what} start`);
    spans.push({ start: at, end: at });
  }
  for (const [i, s] of spans.entries()) {
    s.end = s.start + r.uvarint(`${what} duration`);
    if (!Number.isSafeInteger(s.end) || s.end < dayStart || s.start >= dayStart + DAY_MS)
      throw new RangeError(`trail-day ${what} ${i}: expected a span overlapping the day from ${dayStart}, got ${s.start}…${s.end}`);
  }
  return spans;
}

function writeConfidence(w: ByteWriter, stays: readonly StaySpan[]): void {
  for (const [i, s] of stays.entries()) w.byte(checkedInt(s.confidence, 100, 0, 100, `stay ${i} confidence`));
}

function readConfidence(r: ByteReader, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = r.byte('stay confidence');
    if (c > 100) throw new RangeError(`trail-day stay ${i} confidence: expected 0 to 100 hundredths, got ${c}`);
    out.push(c / 100);
  }
  return out;
}

function writeDeltas(w: ByteWriter, values: readonly number[]): void {
  let last = 0;
  for (const v of values) {
    w.svarint(v - last);
    last = v;
  }
}

function readDeltas(r: ByteReader, count: number, what: string): number[] {
  const out: number[] = [];
  let last = 0;
  for (let i = 0; i < count; i++) {
    last += r.svarint(what);
    out.push(last);
  }
  return out;
}

export function writeExactStays(w: ByteWriter, stays: readonly ExactStay[], dayStart: number): void {
  writeSpans(w, stays, dayStart, 'stay');
  writeConfidence(w, stays);
  writeDeltas(
    w,
    stays.map((s, i) => checkedInt(s.lat, E7, -LAT_MAX, LAT_MAX, `stay ${i} lat`)),
  );
  writeDeltas(
    w,
    stays.map((s, i) => checkedInt(s.lon, E7, -LON_MAX, LON_MAX, `stay ${i} lon`)),
  );
  for (const [i, s] of stays.entries()) w.uvarint(checkedInt(s.radiusM, 1, 1, MAX_STAY_RADIUS_M, `stay ${i} radiusM`));
}

export function readExactStays(r: ByteReader, count: number, dayStart: number): ExactStay[] {
  const spans = readSpans(r, count, dayStart, 'stay');
  const confidence = readConfidence(r, count);
  const lats = readDeltas(r, count, 'stay lat');
  const lons = readDeltas(r, count, 'stay lon');
  return spans.map((s, i) => {
    const lat = lats[i] as number;
    const lon = lons[i] as number;
    if (Math.abs(lat) > LAT_MAX || Math.abs(lon) > LON_MAX)
      throw new RangeError(
        `trail-day stay ${i}: expected a latitude within ±90° and a longitude within ±180°, got ${lat / E7}, ${lon / E7}`,
      );
    const radiusM = r.uvarint('stay radius');
    if (radiusM < 1 || radiusM > MAX_STAY_RADIUS_M)
      throw new RangeError(`trail-day stay ${i} radius: expected 1 to ${MAX_STAY_RADIUS_M} m, got ${radiusM}`);
    return { ...s, confidence: confidence[i] as number, lat: lat / E7, lon: lon / E7, radiusM };
  });
}

export function writeCellStays(w: ByteWriter, stays: readonly CellStay[], dayStart: number, level: AreaLevel): void {
  writeSpans(w, stays, dayStart, 'stay');
  writeConfidence(w, stays);
  for (const s of stays) cellCentre(s.cell, level); // throws RangeError for a cell the grid does not have
  writeDeltas(
    w,
    stays.map((s) => s.cell.row),
  );
  writeDeltas(
    w,
    stays.map((s) => s.cell.col),
  );
}

export function readCellStays(r: ByteReader, count: number, dayStart: number, level: AreaLevel): CellStay[] {
  const spans = readSpans(r, count, dayStart, 'stay');
  const confidence = readConfidence(r, count);
  const rows = readDeltas(r, count, 'stay row');
  const cols = readDeltas(r, count, 'stay col');
  return spans.map((s, i) => {
    const cell = { row: rows[i] as number, col: cols[i] as number };
    try {
      cellCentre(cell, level);
    } catch (error) {
      throw new RangeError(`trail-day stay ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { ...s, confidence: confidence[i] as number, cell };
  });
}

/** `exact`: whether the trips carry distances (all or none). An area level never does. */
export function writeTrips(w: ByteWriter, trips: readonly DayTrip[], dayStart: number, exact: boolean): void {
  writeSpans(w, trips, dayStart, 'trip');
  for (const [i, t] of trips.entries()) {
    const mode = TRIP_MODE_ORDER.indexOf(t.mode);
    if (mode < 0) throw new RangeError(`trip ${i} mode: expected one of ${TRIP_MODE_ORDER.join(', ')}, got ${String(t.mode)}`);
    w.byte(mode);
  }
  const withDistance = trips.filter((t) => t.distanceM !== undefined).length;
  if (!exact) {
    if (withDistance > 0) throw new RangeError('trip distanceM: expected none at an area level, got one');
    return;
  }
  if (withDistance !== 0 && withDistance !== trips.length)
    throw new RangeError(`trip distanceM: expected on every trip or none, got ${withDistance} of ${trips.length}`);
  w.byte(withDistance > 0 ? 1 : 0);
  if (withDistance > 0)
    for (const [i, t] of trips.entries()) w.uvarint(checkedInt(t.distanceM as number, 1, 0, MAX_TRIP_DISTANCE_M, `trip ${i} distanceM`));
}

export function readTrips(r: ByteReader, count: number, dayStart: number, exact: boolean): DayTrip[] {
  const spans = readSpans(r, count, dayStart, 'trip');
  const trips: DayTrip[] = spans.map((s, i) => {
    const index = r.byte('trip mode');
    const mode = TRIP_MODE_ORDER[index];
    if (mode === undefined) throw new RangeError(`trail-day trip ${i} mode: expected 0 to ${TRIP_MODE_ORDER.length - 1}, got ${index}`);
    return { ...s, mode };
  });
  if (!exact) return trips;
  const flag = r.byte('trip distance flag');
  if (flag > 1) throw new RangeError(`trail-day trip distance flag: expected 0 or 1, got ${flag}`);
  if (flag === 1)
    for (const [i, t] of trips.entries()) {
      const d = r.uvarint('trip distance');
      if (d > MAX_TRIP_DISTANCE_M)
        throw new RangeError(`trail-day trip ${i} distance: expected at most ${MAX_TRIP_DISTANCE_M} m, got ${d}`);
      t.distanceM = d;
    }
  return trips;
}
