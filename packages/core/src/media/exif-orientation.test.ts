/**
 * readOrientation finds tag 0x0112 in IFD0 in either byte order and ignores every other tag; a missing tag
 * is undefined, and a header or IFD0 that does not parse throws a RangeError rather than defaulting to
 * upright. orientationTiff writes exactly the 26 documented bytes, which read back to the same value.
 */
import { describe, expect, it } from 'vitest';
import { isRotation, orientationTiff, readOrientation } from './exif-orientation.ts';

/** A TIFF with IFD0 holding the given (tag, type, count, value) entries, in either byte order. */
function tiff(little: boolean, entries: [number, number, number, number][]): Uint8Array {
  const out = new Uint8Array(8 + 2 + entries.length * 12 + 4);
  const view = new DataView(out.buffer);
  out.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, entries.length, little);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    view.setUint16(at, tag, little);
    view.setUint16(at + 2, type, little);
    view.setUint32(at + 4, count, little);
    view.setUint16(at + 8, value, little);
  });
  return out;
}

describe('readOrientation', () => {
  it('reads Orientation from IFD0 in II and MM order, among other tags', () => {
    const entries: [number, number, number, number][] = [
      [0x010f, 2, 4, 0],
      [0x0112, 3, 1, 6],
      [0x8825, 4, 1, 0],
    ];
    expect(readOrientation(tiff(true, entries))).toBe(6);
    expect(readOrientation(tiff(false, entries))).toBe(6);
  });

  it('is undefined when IFD0 has no Orientation', () => {
    expect(readOrientation(tiff(true, [[0x010f, 2, 4, 0]]))).toBeUndefined();
  });

  it('throws on a header or IFD0 it cannot read', () => {
    expect(() => readOrientation(Uint8Array.of(0x49, 0x49, 0x2a))).toThrow(new RangeError('exif: truncated TIFF header at offset 0'));
    expect(() => readOrientation(Uint8Array.of(0x4a, 0x49, 0x2a, 0, 8, 0, 0, 0))).toThrow(/expected byte order II or MM/);
    expect(() => readOrientation(Uint8Array.of(0x49, 0x49, 0x2b, 0, 8, 0, 0, 0))).toThrow(/expected TIFF magic 42, got 43/);
    expect(() => readOrientation(Uint8Array.of(0x49, 0x49, 0x2a, 0, 0xff, 0, 0, 0))).toThrow(/truncated IFD0 at offset 255/);
    const lying = tiff(true, [[0x0112, 3, 1, 6]]);
    lying[8] = 9; // claims 9 entries, holds 1
    expect(() => readOrientation(lying)).toThrow(/truncated IFD0 entries/);
    expect(() => readOrientation(tiff(true, [[0x0112, 4, 1, 6]]))).toThrow(/expected Orientation as 1 SHORT, got type 4 × 1/);
  });
});

describe('orientationTiff', () => {
  it('writes the 26 documented bytes and reads back', () => {
    const bytes = orientationTiff(6);
    const rows = ['49492a00', '08000000', '0100', '12010300', '01000000', '06000000', '00000000'];
    expect(bytes.length).toBe(26);
    expect(Buffer.from(bytes).toString('hex')).toBe(rows.join(''));
  });

  it('round-trips 2..8 and refuses 1 and out-of-range values', () => {
    for (let v = 2; v <= 8; v++) expect(readOrientation(orientationTiff(v))).toBe(v);
    expect(isRotation(1)).toBe(false);
    expect(isRotation(0)).toBe(false);
    expect(isRotation(9)).toBe(false);
    expect(() => orientationTiff(1)).toThrow(RangeError);
  });
});
