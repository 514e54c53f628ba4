/**
 * CRC-32 known answers: the catalogue check value crc32("123456789") = 0xCBF43926 (reveng.sourceforge.io
 * CRC-32/ISO-HDLC), the CRC of an empty IEND chunk (AE 42 60 82, in every PNG), and agreement with
 * zlib's crc32 on seeded random buffers and sub-ranges.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { crc32 } from './crc32.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('crc32', () => {
  it('matches the published check value and the IEND CRC', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with zlib on random buffers and sub-ranges', async () => {
    await checkProperty(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length ? a % bytes.length : 0;
        const end = start + (bytes.length - start ? b % (bytes.length - start + 1) : 0);
        expect(crc32(bytes)).toBe(zlibCrc32(bytes) >>> 0);
        expect(crc32(bytes, start, end)).toBe(zlibCrc32(bytes.subarray(start, end)) >>> 0);
      }),
    );
  });
});
