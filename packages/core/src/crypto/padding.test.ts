/**
 * Padding (ISO/IEC 7816-4 to fixed buckets): every plaintext pads to the smallest bucket of
 * 256 B / 1 KiB / 4 KiB / 64 KiB (at or above `minBucket`) that holds it plus the 0x80 marker;
 * unpad(pad(x)) = x for every x; unpad refuses padding that is missing its marker or damaged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { toHex } from '../bytes.ts';
import { PAD_BUCKETS, pad, paddedLength, unpad } from './padding.ts';

describe('padding buckets', () => {
  it('are 256 B, 1 KiB, 4 KiB and 64 KiB', () => {
    expect([...PAD_BUCKETS]).toEqual([256, 1024, 4096, 65_536]);
  });

  it.each([
    [0, 256],
    [1, 256],
    [255, 256],
    [256, 1024],
    [1023, 1024],
    [1024, 4096],
    [4095, 4096],
    [4096, 65_536],
    [65_535, 65_536],
  ])('a %i-byte plaintext pads to %i bytes (one byte is always left for the marker)', (length, bucket) => {
    expect(paddedLength(length)).toBe(bucket);
    expect(pad(new Uint8Array(length)).length).toBe(bucket);
  });

  it('refuses a plaintext with no room for the marker in the largest bucket, naming the limit', () => {
    expect(() => paddedLength(65_536)).toThrow(new RangeError('padding: expected at most 65535 bytes, got 65536'));
    expect(() => pad(new Uint8Array(70_000))).toThrow(RangeError);
  });

  it('honours minBucket: a short plaintext can be made to look like a longer kind', () => {
    expect(paddedLength(10, 1024)).toBe(1024);
    expect(paddedLength(10, 4096)).toBe(4096);
    expect(paddedLength(2000, 1024)).toBe(4096);
    expect(paddedLength(10, 300)).toBe(1024); // a minBucket between buckets rounds up to the next bucket
  });

  it('puts the plaintext first, then 0x80, then only zeros', () => {
    const padded = pad(new Uint8Array([1, 2, 3]));
    expect(toHex(padded.subarray(0, 4))).toBe('01020380');
    expect(padded.subarray(4).every((b) => b === 0)).toBe(true);
  });

  it('pads every length to its bucket, with the marker right after the plaintext (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.constantFrom(256, 1024, 4096), (plaintext, minBucket) => {
        const padded = pad(plaintext, minBucket);
        const bucket = PAD_BUCKETS.find((b) => b >= minBucket && b > plaintext.length);
        expect(padded.length).toBe(bucket);
        expect(toHex(padded.subarray(0, plaintext.length))).toBe(toHex(plaintext));
        expect(padded[plaintext.length]).toBe(0x80);
        expect(padded.subarray(plaintext.length + 1).every((b) => b === 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('unpad', () => {
  it('undoes pad for every plaintext, including ones ending in 0x80 or zeros (seeded property)', async () => {
    const tricky = fc
      .uint8Array({ maxLength: 1500 })
      .chain((body) => fc.constantFrom(body, Uint8Array.of(...body, 0x80), Uint8Array.of(...body, 0, 0), Uint8Array.of(...body, 0x80, 0)));
    await checkProperty(
      fc.property(tricky, (plaintext) => {
        expect(toHex(unpad(pad(plaintext)) ?? new Uint8Array([0xde, 0xad]))).toBe(toHex(plaintext));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an empty buffer and an all-zero buffer (no marker at all)', () => {
    expect(unpad(new Uint8Array())).toBeUndefined();
    expect(unpad(new Uint8Array(256))).toBeUndefined();
  });

  it('refuses a buffer whose last non-zero byte is not the 0x80 marker', () => {
    expect(unpad(new Uint8Array(256).fill(7))).toBeUndefined();
    const marker81 = pad(new Uint8Array([1, 2, 3]));
    marker81[3] = 0x81;
    expect(unpad(marker81)).toBeUndefined();
  });

  it('refuses padding whose marker was wiped, when the plaintext does not itself end in 0x80', () => {
    const padded = pad(new Uint8Array([1, 2, 3]));
    padded[3] = 0;
    expect(unpad(padded)).toBeUndefined();
  });

  it('refuses padding with any non-zero, non-0x80 byte written into the zero tail (seeded property)', async () => {
    await checkProperty(
      fc.property(
        fc.uint8Array({ maxLength: 250 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }).filter((b) => b !== 0x80),
        (plaintext, at, value) => {
          const padded = pad(plaintext);
          const tail = padded.length - plaintext.length - 1;
          fc.pre(tail > 0);
          padded[plaintext.length + 1 + (at % tail)] = value;
          expect(unpad(padded)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns exactly the plaintext bytes and nothing of the padding', () => {
    const out = unpad(pad(new Uint8Array([9, 8, 7])));
    expect(out && [...out]).toEqual([9, 8, 7]);
  });
});
