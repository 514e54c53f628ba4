/**
 * stripWebp on hand-built RIFF streams: VP8X loses exactly its EXIF and XMP flags, the RIFF size is
 * recomputed, an odd chunk is re-padded with a zero byte, ANMF frames keep only ALPH/VP8/VP8L and their size
 * is rewritten, EXIF/XMP/unknown chunks (also stray ones in the simple format) and trailers go; a chunk that
 * does not fit, a VP8X that is not first or not 10 bytes, or no image at all throws a RangeError.
 */
import { describe, expect, it } from 'vitest';
import { latin1Bytes as ascii, riffChunk as chunk, concat, riff } from '../../test/fixtures/media/metadata-blocks.ts';
import { stripWebp } from './strip-webp.ts';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const vp8x = (flags: number) => chunk('VP8X', b(flags, 0, 0, 0, 3, 0, 0, 3, 0, 0));
/** Not decodable, and need not be: the stripper copies bitstreams without reading them. */
const VP8L = chunk('VP8L', b(0x2f, 3, 0xc0, 0, 0x47)); // odd size: 5 bytes + pad
const VP8 = chunk('VP8 ', b(0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 4, 0, 4, 0));
const ALPH = chunk('ALPH', b(0, 1, 2));
const EXIF = chunk('EXIF', ascii('MM\0*47.123456'));
const XMP = chunk('XMP ', ascii('<x:xmpmeta>47.123456</x:xmpmeta>'));

describe('stripWebp', () => {
  it('clears only the EXIF and XMP flags, drops those chunks, and recomputes the RIFF size', () => {
    const flags = 0x20 | 0x10 | 0x08 | 0x04;
    const icc = chunk('ICCP', new Uint8Array(12).fill(3));
    const out = stripWebp(riff([vp8x(flags), icc, ALPH, VP8, EXIF, XMP]));
    const expected = riff([vp8x(0x20 | 0x10), icc, ALPH, VP8]);
    expect(hex(out.bytes)).toBe(hex(expected));
    expect(new DataView(out.bytes.buffer).getUint32(4, true)).toBe(out.bytes.length - 8);
    expect(out.removed).toEqual(['EXIF', 'XMP']);
  });

  it('re-pads an odd chunk with a zero byte, whatever the input pad byte held', () => {
    const dirty = VP8L.slice();
    dirty[dirty.length - 1] = 0x47; // the pad byte, used as a 1-byte side channel
    const out = stripWebp(riff([vp8x(0), dirty]));
    expect(hex(out.bytes)).toBe(hex(riff([vp8x(0), VP8L])));
  });

  it('keeps ANIM and ANMF frames with only ALPH/VP8/VP8L inside, sizes rewritten', () => {
    const header = new Uint8Array(16).fill(1);
    const anim = chunk('ANIM', b(0, 0, 0, 0, 0, 0));
    const frame1 = chunk('ANMF', concat(header, ALPH, VP8, chunk('GPSX', ascii('47.123456'))));
    const frame2 = chunk('ANMF', concat(header, VP8L));
    const out = stripWebp(riff([vp8x(0x02 | 0x08), anim, frame1, frame2, EXIF]));
    expect(hex(out.bytes)).toBe(hex(riff([vp8x(0x02), anim, chunk('ANMF', concat(header, ALPH, VP8)), frame2])));
    expect(out.removed).toEqual(['ANMF GPSX', 'EXIF']);
  });

  it('drops stray chunks after a simple-format bitstream, and any trailer after the RIFF', () => {
    const out = stripWebp(concat(riff([VP8L, EXIF, chunk('\x01bin', b(1, 2))]), ascii('trailing 47.123456')));
    expect(hex(out.bytes)).toBe(hex(riff([VP8L])));
    expect(out.removed).toEqual(['EXIF', '0x0162696E', 'trailer after RIFF']);
  });
});

describe('stripWebp refuses', () => {
  const oversized = riff([vp8x(0), VP8L]);
  new DataView(oversized.buffer).setUint32(4, oversized.length, true);
  const overflowing = riff([vp8x(0), VP8L]);
  overflowing[30 + 4] = 0x40; // VP8L size now 64, past the RIFF end
  const unpadded = riff([vp8x(0), VP8L]).slice(0, -1);
  new DataView(unpadded.buffer).setUint32(4, unpadded.length - 8, true);
  const cases: [string, Uint8Array, RegExp | string][] = [
    [
      'a RIFF of another form',
      concat(ascii('RIFF'), b(4, 0, 0, 0), ascii('WAVE')),
      /webp: expected "RIFF" <size> "WEBP" at offset 0, got "RIFF"/,
    ],
    ['a RIFF size past the end of the file', oversized, 'webp: truncated RIFF at offset 0'],
    ['a chunk past the end of the RIFF', overflowing, 'webp: truncated chunk at offset 30'],
    [
      'a first chunk that is not VP8X, VP8 or VP8L',
      riff([EXIF, VP8L]),
      /expected VP8, VP8L or VP8X as the first chunk at offset 12, got EXIF/,
    ],
    ['a VP8X that is not first', riff([VP8L, vp8x(0)]), /expected VP8X only as the first chunk, got one at offset 26/],
    ['a VP8X of the wrong size', riff([chunk('VP8X', b(0, 0, 0, 0)), VP8L]), /expected VP8X of 10 bytes at offset 12, got 4/],
    ['no image chunk', riff([vp8x(0), ALPH, EXIF]), 'webp: expected a VP8, VP8L or ANMF chunk, got none'],
    [
      'an ANMF without a bitstream',
      riff([vp8x(2), chunk('ANMF', concat(new Uint8Array(16), ALPH))]),
      /expected 1 VP8 or VP8L in the ANMF at offset 30, got 0/,
    ],
    ['an ANMF shorter than its header', riff([vp8x(2), chunk('ANMF', new Uint8Array(8))]), /expected ANMF of ≥ 16 bytes/],
    ['an odd last chunk missing its pad byte', unpadded, 'webp: truncated chunk at offset 30'],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => stripWebp(bytes)).toThrow(RangeError);
      expect(() => stripWebp(bytes)).toThrow(message);
    });
  }
});
