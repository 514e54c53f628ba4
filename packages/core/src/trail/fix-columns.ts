/**
 * The body of an `exact` day, before compression: one column per field, each value a delta from the one
 * before it in the column, so a day of small steps is a run of small numbers that DEFLATE then squeezes.
 *
 *   u8        flags: which optional columns follow (bit 0 acc, 1 speed, 2 alt, 3 bearing; others 0)
 *   time      count × uvarint: ms after the day's start for the first fix, then after the fix before
 *   lat       count × zigzag varint: 1e-7° units, the first from 0, then deltas
 *   lon       count × zigzag varint: likewise
 *   for each optional column in flag order:
 *     bitmap  ceil(count / 8) bytes: bit i (byte i >> 3, least significant bit first) set when fix i has it;
 *             the unused bits of the last byte are 0, and at least one bit is set
 *     values  one zigzag varint per set bit: the value in the column's unit, the first from 0, then deltas
 *
 * Units: acc 1 m, speed 1 cm/s, alt 1 dm, bearing 0.1°. The decoder checks every value's range, that
 * times stay inside the day and never go back, and that nothing is left over.
 */

import { DAY_MS, type TrailFix } from './trail-day.ts';
import type { ByteReader, ByteWriter } from './varint.ts';

/** Coordinates travel as integers of 1e-7° (E7), within these bounds; the stay columns share them. */
export const E7 = 1e7;
export const LAT_MAX = 90 * E7;
export const LON_MAX = 180 * E7;

type OptionalKey = 'acc' | 'speed' | 'alt' | 'bearing';
/** `scale` units per SI unit; `min`/`max` in units (the exact location schema's ranges). */
const OPTIONAL: readonly { key: OptionalKey; scale: number; min: number; max: number }[] = [
  { key: 'acc', scale: 1, min: 0, max: 1_000_000 },
  { key: 'speed', scale: 100, min: 0, max: 1_000_000 },
  { key: 'alt', scale: 10, min: -100_000, max: 1_000_000 },
  { key: 'bearing', scale: 10, min: 0, max: 3_600 },
];

/** `value` in units of 1/`scale`, rounded, or a RangeError naming `label` when it falls outside `min`…`max` units. */
export function checkedInt(value: number, scale: number, min: number, max: number, label: string): number {
  const n = Math.round(value * scale);
  if (!Number.isFinite(value) || n < min || n > max)
    throw new RangeError(`${label}: expected ${min / scale} to ${max / scale}, got ${value}`);
  return n;
}

/** Writes the columns of `fixes` (already in time order, all inside the day starting at `start`). */
export function writeFixColumns(w: ByteWriter, fixes: readonly TrailFix[], start: number): void {
  const present = OPTIONAL.map((c) => fixes.some((f) => f[c.key] !== undefined));
  w.byte(present.reduce((flags, on, i) => flags | (on ? 1 << i : 0), 0));
  let prev = start;
  for (const [i, f] of fixes.entries()) {
    if (!Number.isSafeInteger(f.ts) || f.ts < prev || f.ts >= start + DAY_MS)
      throw new RangeError(`fix ${i} ts: expected ms from ${prev} to ${start + DAY_MS - 1}, got ${f.ts}`);
    w.uvarint(f.ts - prev);
    prev = f.ts;
  }
  for (const [axis, max] of [['lat', LAT_MAX] as const, ['lon', LON_MAX] as const]) {
    let last = 0;
    for (const [i, f] of fixes.entries()) {
      const v = checkedInt(f[axis], E7, -max, max, `fix ${i} ${axis}`);
      w.svarint(v - last);
      last = v;
    }
  }
  for (const [c, column] of OPTIONAL.entries()) {
    if (!present[c]) continue;
    const bitmap = new Uint8Array(Math.ceil(fixes.length / 8));
    const values: number[] = [];
    for (const [i, f] of fixes.entries()) {
      const value = f[column.key];
      if (value === undefined) continue;
      bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
      values.push(checkedInt(value, column.scale, column.min, column.max, `fix ${i} ${column.key}`));
    }
    w.bytes(bitmap);
    let last = 0;
    for (const v of values) {
      w.svarint(v - last);
      last = v;
    }
  }
}

/** Reads `count` fixes of the day starting at `start`; throws RangeError naming the first damage. */
export function readFixColumns(r: ByteReader, count: number, start: number): TrailFix[] {
  const flags = r.byte('flags');
  if (flags >> OPTIONAL.length !== 0) throw new RangeError(`trail-day flags: expected bits 0-${OPTIONAL.length - 1} only, got ${flags}`);
  const fixes: TrailFix[] = [];
  let ts = start;
  for (let i = 0; i < count; i++) {
    ts += r.uvarint('time');
    if (ts >= start + DAY_MS) throw new RangeError(`trail-day fix ${i} time: expected before ${start + DAY_MS}, got ${ts}`);
    fixes.push({ ts, lat: 0, lon: 0 });
  }
  for (const [axis, max] of [['lat', LAT_MAX] as const, ['lon', LON_MAX] as const]) {
    let v = 0;
    for (const [i, fix] of fixes.entries()) {
      v += r.svarint(axis);
      if (Math.abs(v) > max) throw new RangeError(`trail-day fix ${i} ${axis}: expected within ±${max / E7}°, got ${v / E7}`);
      fix[axis] = v / E7;
    }
  }
  for (const [c, column] of OPTIONAL.entries()) {
    if ((flags & (1 << c)) === 0) continue;
    const bitmap = r.take(Math.ceil(count / 8), `${column.key} bitmap`);
    const spare = count % 8 === 0 ? 0 : (bitmap[bitmap.length - 1] as number) >> (count % 8);
    if (spare !== 0) throw new RangeError(`trail-day ${column.key} bitmap: expected the bits past fix ${count - 1} to be 0, got ${spare}`);
    let v = 0;
    let any = false;
    for (const [i, fix] of fixes.entries()) {
      if (((bitmap[i >> 3] as number) & (1 << (i & 7))) === 0) continue;
      any = true;
      v += r.svarint(column.key);
      if (v < column.min || v > column.max)
        throw new RangeError(
          `trail-day fix ${i} ${column.key}: expected ${column.min / column.scale} to ${column.max / column.scale}, got ${v / column.scale}`,
        );
      fix[column.key] = v / column.scale;
    }
    if (!any) throw new RangeError(`trail-day ${column.key} bitmap: expected at least one fix with it, got none`);
  }
  return fixes;
}
