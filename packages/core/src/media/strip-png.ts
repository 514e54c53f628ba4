/**
 * Removes metadata from a PNG (or APNG) chunk by chunk. Layout (PNG 3rd ed. §5):
 *
 *   89 50 4E 47 0D 0A 1A 0A                              signature
 *   <u32be length ≤ 2^31−1> <type: 4 letters> <data> <u32be CRC-32 of type ‖ data>   chunk, repeated
 *   IHDR first … IEND last (length 0); anything after IEND is a trailer
 *
 * Guarantees:
 * - Every chunk's CRC is verified before anything is returned; one mismatch and the image is refused.
 * - Kept, verbatim and in order: the critical chunks IHDR, PLTE, IDAT, IEND; the colour and rendering
 *   ancillaries tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, pHYs, bKGD; and APNG's acTL, fcTL, fdAT (their sequence
 *   numbers count only fcTL/fdAT, so dropping other chunks leaves them valid).
 * - Every other ancillary chunk is dropped: tEXt, zTXt, iTXt (XMP, and ImageMagick's "Raw profile" Exif),
 *   eXIf, tIME, C2PA's caBX, vendor chunks. An unknown critical chunk is refused: a viewer could not draw it.
 * - The trailer after IEND is dropped: that is where aCropalypse-style editors leave the uncropped original.
 */
import { concatBytes } from '../bytes.ts';
import { latin1, need, noteRemoved, printable, type Stripped, u8, u32be } from './_image-bytes.ts';
import { crc32 } from './crc32.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'pHYs',
  'bKGD',
  'acTL',
  'fcTL',
  'fdAT',
]);

/**
 * Kept chunks whose length the spec fixes. Checking it means none of them can carry a hidden tail past its
 * defined fields (an IEND with "data" would otherwise pass through verbatim, CRC and all).
 */
const FIXED_LENGTH: Readonly<Record<string, number>> = { IHDR: 13, IEND: 0, gAMA: 4, cHRM: 32, sRGB: 1, pHYs: 9, acTL: 8, fcTL: 26 };

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** "tEXt Comment", "iTXt XMP": the keyword says more to a person than the chunk type does. */
function chunkLabel(type: string, data: Uint8Array): string {
  if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') return type;
  const keyword = printable(data, 0, 79);
  if (type === 'iTXt' && keyword === 'XML:com.adobe.xmp') return 'iTXt XMP';
  return keyword === '' ? type : `${type} ${keyword}`;
}

export function stripPng(bytes: Uint8Array): Stripped {
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new RangeError(
      `png: expected the PNG signature at offset 0, got ${bytes.length < SIGNATURE.length ? `${bytes.length} bytes` : 'other bytes'}`,
    );
  }
  const parts: Uint8Array[] = [bytes.subarray(0, SIGNATURE.length)];
  const removed: string[] = [];
  let pos = SIGNATURE.length;
  let first = true;
  for (;;) {
    need(bytes, pos, 12, 'png', 'chunk');
    const length = u32be(bytes, pos);
    if (length > 0x7fffffff) throw new RangeError(`png: expected chunk length ≤ 2^31−1 at offset ${pos}, got ${length}`);
    need(bytes, pos, 12 + length, 'png', 'chunk');
    for (let i = 4; i < 8; i++) {
      if (!isLetter(u8(bytes, pos + i)))
        throw new RangeError(`png: expected a chunk type of 4 letters at offset ${pos}, got byte ${u8(bytes, pos + i)}`);
    }
    const type = latin1(bytes, pos + 4, 4);
    const expected = u32be(bytes, pos + 8 + length);
    const actual = crc32(bytes, pos + 4, pos + 8 + length);
    if (actual !== expected) {
      throw new RangeError(
        `png: expected CRC ${expected.toString(16).padStart(8, '0')} for ${type} at offset ${pos}, got ${actual.toString(16).padStart(8, '0')}`,
      );
    }
    if (first && type !== 'IHDR') throw new RangeError(`png: expected IHDR as the first chunk at offset ${pos}, got ${type}`);
    first = false;
    const whole = bytes.subarray(pos, pos + 12 + length);
    pos += 12 + length;

    if (KEPT.has(type)) {
      const fixed = FIXED_LENGTH[type];
      if (fixed !== undefined && fixed !== length) {
        throw new RangeError(`png: expected ${type} of ${fixed} bytes at offset ${pos - whole.length}, got ${length}`);
      }
      parts.push(whole);
      if (type === 'IEND') break;
    } else if ((u8(whole, 4) & 0x20) === 0) {
      // Bit 5 of the first type byte clear = critical (§5.4): a decoder that does not know it must stop.
      throw new RangeError(`png: expected a known critical chunk at offset ${pos - whole.length}, got ${type}`);
    } else {
      noteRemoved(removed, chunkLabel(type, whole.subarray(8, 8 + length)));
    }
  }
  if (pos < bytes.length) noteRemoved(removed, 'trailer after IEND');
  return { bytes: concatBytes(...parts), removed };
}
