/**
 * stripPng on hand-built chunk streams (CRCs from node:zlib, not from our crc32): the critical, colour and
 * APNG chunks survive verbatim and in order; text, eXIf, tIME, C2PA and vendor chunks go, named by keyword;
 * the trailer after IEND (aCropalypse) goes; a bad CRC, an unknown critical chunk, a kept chunk of the wrong
 * size, a missing IHDR or IEND throw a RangeError.
 */
import { describe, expect, it } from 'vitest';
import { latin1Bytes as ascii, pngChunk as chunk, concat } from '../../test/fixtures/media/metadata-blocks.ts';
import { stripPng } from './strip-png.ts';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const SIG = b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const IHDR = chunk('IHDR', b(0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0));
const IDAT = chunk('IDAT', b(0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1));
const IEND = chunk('IEND', b());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('stripPng keeps', () => {
  it('critical, colour and APNG chunks verbatim and in order', () => {
    const kept = [
      IHDR,
      chunk('cHRM', new Uint8Array(32)),
      chunk('gAMA', b(0, 0, 0xb1, 0x8f)),
      chunk('iCCP', concat(ascii('sRGB\0\0'), b(0x78, 0x9c, 3, 0))),
      chunk('sBIT', b(8, 8, 8)),
      chunk('sRGB', b(0)),
      chunk('PLTE', b(1, 2, 3)),
      chunk('tRNS', b(0, 1)),
      chunk('bKGD', b(0)),
      chunk('pHYs', b(0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1)),
      chunk('acTL', b(0, 0, 0, 2, 0, 0, 0, 0)),
      chunk('fcTL', new Uint8Array(26)),
      IDAT,
      chunk('fcTL', new Uint8Array(26).fill(1)),
      chunk('fdAT', b(0, 0, 0, 2, 0x78, 0x9c)),
      IEND,
    ];
    const out = stripPng(concat(SIG, ...kept));
    expect(hex(out.bytes)).toBe(hex(concat(SIG, ...kept)));
    expect(out.removed).toEqual([]);
  });
});

describe('stripPng drops', () => {
  it('text, eXIf, tIME, C2PA and vendor chunks, named by keyword', () => {
    const input = concat(
      SIG,
      IHDR,
      chunk('eXIf', b(0x4d, 0x4d, 0, 0x2a)),
      chunk('iTXt', ascii('XML:com.adobe.xmp\0\0\0\0\0<x/>')),
      chunk('tEXt', ascii('Comment\x0047.123456')),
      chunk('zTXt', ascii('Raw profile type exif\0\0x')),
      chunk('tIME', b(7, 0xea, 1, 1, 0, 0, 0)),
      chunk('caBX', ascii('jumb')),
      chunk('iDOT', b(0)),
      IDAT,
      chunk('tEXt', ascii('\x01\x02\0bad keyword')),
      IEND,
    );
    const out = stripPng(input);
    expect(hex(out.bytes)).toBe(hex(concat(SIG, IHDR, IDAT, IEND)));
    expect(out.removed).toEqual(['eXIf', 'iTXt XMP', 'tEXt Comment', 'zTXt Raw profile type exif', 'tIME', 'caBX', 'iDOT', 'tEXt']);
  });

  it('the trailer after IEND', () => {
    const out = stripPng(concat(SIG, IHDR, IDAT, IEND, ascii('uncropped original…')));
    expect(hex(out.bytes)).toBe(hex(concat(SIG, IHDR, IDAT, IEND)));
    expect(out.removed).toEqual(['trailer after IEND']);
  });
});

describe('stripPng refuses', () => {
  const badCrc = chunk('tEXt', ascii('Comment\0x'));
  badCrc[badCrc.length - 1]! ^= 1;
  const cases: [string, Uint8Array, RegExp | string][] = [
    ['no signature', concat(b(0x89, 0x50), IHDR), /png: expected the PNG signature at offset 0/],
    [
      'a CRC mismatch, even in a chunk that would be dropped',
      concat(SIG, IHDR, badCrc, IDAT, IEND),
      /png: expected CRC [0-9a-f]{8} for tEXt at offset 33, got [0-9a-f]{8}/,
    ],
    [
      'an unknown critical chunk',
      concat(SIG, IHDR, chunk('ZZZZ', b()), IDAT, IEND),
      'png: expected a known critical chunk at offset 33, got ZZZZ',
    ],
    ['a first chunk other than IHDR', concat(SIG, IDAT, IHDR, IEND), 'png: expected IHDR as the first chunk at offset 8, got IDAT'],
    [
      'an IEND that carries data',
      concat(SIG, IHDR, IDAT, chunk('IEND', ascii('47.123456'))),
      /expected IEND of 0 bytes at offset 55, got 9/,
    ],
    ['a gAMA of the wrong size', concat(SIG, IHDR, chunk('gAMA', b(1, 2, 3, 4, 5)), IDAT, IEND), /expected gAMA of 4 bytes/],
    [
      'a chunk type that is not letters',
      concat(SIG, IHDR, chunk('ab1d', b()), IDAT, IEND),
      /expected a chunk type of 4 letters at offset 33/,
    ],
    [
      'a chunk length over 2^31 − 1',
      concat(SIG, IHDR, b(0x80, 0, 0, 0), ascii('IDAT'), b(0, 0, 0, 0)),
      /expected chunk length ≤ 2\^31−1 at offset 33/,
    ],
    ['no IEND', concat(SIG, IHDR, IDAT), 'png: truncated chunk at offset 55'],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => stripPng(bytes)).toThrow(RangeError);
      expect(() => stripPng(bytes)).toThrow(message);
    });
  }
});
