/**
 * Varints: every safe integer round-trips (unsigned, and zigzag within ±2^52); small magnitudes take one
 * byte; the reader refuses a varint cut short, too long, or not minimal, and trailing bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { toHex } from '../bytes.ts';
import { ByteReader, ByteWriter, unzigzag, zigzag } from './varint.ts';

const write = (f: (w: ByteWriter) => void) => {
  const w = new ByteWriter();
  f(w);
  return w.finish();
};

describe('varints', () => {
  it('zigzag maps 0, −1, 1, −2, 2 to 0, 1, 2, 3, 4, beyond 32 bits too', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    expect(zigzag(-3_600_000_000)).toBe(7_199_999_999);
    expect(unzigzag(7_199_999_999)).toBe(-3_600_000_000);
  });

  it('writes LEB128: 0 → 00, 127 → 7f, 128 → 8001, 300 → ac02', () => {
    const bytes = write((w) => {
      for (const n of [0, 127, 128, 300]) w.uvarint(n);
    });
    expect(toHex(bytes)).toBe('007f8001ac02');
  });

  it('round-trips unsigned and signed safe integers, in order (seeded property)', async () => {
    await checkProperty(
      fc.property(
        fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.array(fc.integer({ min: -(2 ** 52), max: 2 ** 52 })),
        (unsigned, signed) => {
          const bytes = write((w) => {
            for (const n of unsigned) w.uvarint(n);
            for (const n of signed) w.svarint(n);
          });
          const r = new ByteReader(bytes, 't');
          expect(unsigned.map(() => r.uvarint('u'))).toEqual(unsigned);
          expect(signed.map(() => r.svarint('s'))).toEqual(signed);
          r.end();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses what it cannot write: negatives unsigned, fractions, beyond safe', () => {
    expect(() => write((w) => w.uvarint(-1))).toThrow('varint: expected a non-negative safe integer, got -1');
    expect(() => write((w) => w.uvarint(1.5))).toThrow(RangeError);
    expect(() => write((w) => w.svarint(2 ** 53))).toThrow(RangeError);
  });

  it('refuses a varint cut short, longer than 8 bytes, not minimal, or followed by more bytes', () => {
    expect(() => new ByteReader(new Uint8Array([0x80]), 't').uvarint('x')).toThrow('t x: expected 1 more byte(s) at 1, got 0');
    expect(() => new ByteReader(new Uint8Array(9).fill(0xff), 't').uvarint('x')).toThrow('expected a varint of at most 8 bytes');
    expect(() => new ByteReader(new Uint8Array([0x81, 0x00]), 't').uvarint('x')).toThrow('expected a minimal varint');
    const r = new ByteReader(new Uint8Array([1, 2]), 't');
    r.uvarint('x');
    expect(() => r.end()).toThrow('t: expected 1 bytes, got 2');
  });
});
