/**
 * The one Exif fact a stripped photo keeps: its Orientation (TIFF 6.0 tag 0x0112; Exif 2.32 §4.6.4).
 * Phones store a portrait shot as landscape pixels plus "rotate 90°"; drop that tag and the partner sees
 * the photo on its side. `readOrientation` looks only at IFD0 of the Exif block being dropped — it never
 * follows the Exif, GPS or MakerNote IFDs — and `orientationTiff` writes a replacement that can hold
 * nothing but the orientation:
 *
 *   offset  bytes          meaning
 *   0       49 49 2A 00    "II" 42: little-endian TIFF header
 *   4       08 00 00 00    IFD0 starts at offset 8
 *   8       01 00          IFD0 has one entry
 *   10      12 01 03 00    tag 0x0112 Orientation, type 3 (SHORT)
 *   14      01 00 00 00    count 1
 *   18      vv 00 00 00    the value, left-justified in the 4-byte field
 *   22      00 00 00 00    no next IFD, so no IFD1 and no thumbnail
 */
import { need, u8 } from './_image-bytes.ts';

const ORIENTATION = 0x0112;
const SHORT = 3;
export const ORIENTATION_TIFF_LENGTH = 26;

/**
 * The Orientation value in IFD0 of a TIFF structure (the bytes after "Exif\0\0"), or `undefined` when IFD0
 * has no such tag. A header or IFD0 that does not parse throws: guessing "upright" would be a silent fallback.
 */
export function readOrientation(tiff: Uint8Array, label = 'exif'): number | undefined {
  need(tiff, 0, 8, label, 'TIFF header');
  const order = String.fromCharCode(u8(tiff, 0), u8(tiff, 1));
  if (order !== 'II' && order !== 'MM') throw new RangeError(`${label}: expected byte order II or MM, got ${JSON.stringify(order)}`);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = order === 'II';
  const magic = view.getUint16(2, little);
  if (magic !== 42) throw new RangeError(`${label}: expected TIFF magic 42, got ${magic}`);
  const ifd0 = view.getUint32(4, little);
  need(tiff, ifd0, 2, label, 'IFD0');
  const count = view.getUint16(ifd0, little);
  need(tiff, ifd0 + 2, count * 12, label, 'IFD0 entries');
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (view.getUint16(entry, little) !== ORIENTATION) continue;
    const type = view.getUint16(entry + 2, little);
    const n = view.getUint32(entry + 4, little);
    if (type !== SHORT || n !== 1) throw new RangeError(`${label}: expected Orientation as 1 SHORT, got type ${type} × ${n}`);
    return view.getUint16(entry + 8, little);
  }
  return undefined;
}

/** True for the values that change how a viewer draws the photo; 1 is upright and 0 or 9+ mean nothing to any viewer. */
export const isRotation = (orientation: number | undefined): orientation is number =>
  orientation !== undefined && orientation >= 2 && orientation <= 8;

/** A 26-byte little-endian TIFF whose only content is IFD0 with the single Orientation tag. */
export function orientationTiff(orientation: number): Uint8Array {
  if (!isRotation(orientation)) throw new RangeError(`orientation: expected 2..8, got ${orientation}`);
  // biome-ignore format: the rows follow the layout table above
  return Uint8Array.of(
    0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
    0x01, 0x00,
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  );
}
