/**
 * Chunk padding: every plaintext pads to the smallest power of two from 1 KiB to 4 MiB that holds it and
 * the 0x80 marker; unpadChunk(padChunk(x)) = x; a length that is no bucket, or a missing marker, is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { CHUNK_PAD_MAX, CHUNK_PAD_MIN, chunkPaddedLength, padChunk, unpadChunk } from './pad-chunk.ts';

describe('chunk padding', () => {
  it.each([
    [0, 1024],
    [1023, 1024],
    [1024, 2048],
    [40_000, 65_536],
    [65_535, 65_536],
    [65_536, 131_072],
    [CHUNK_PAD_MAX - 1, CHUNK_PAD_MAX],
  ])('a %i-byte plaintext pads to %i bytes', (length, bucket) => {
    expect(chunkPaddedLength(length)).toBe(bucket);
  });

  it('refuses a plaintext with no room for the marker in 4 MiB, naming the limit', () => {
    expect(() => chunkPaddedLength(CHUNK_PAD_MAX)).toThrow(
      new RangeError(`chunk padding: expected at most ${CHUNK_PAD_MAX - 1} bytes, got ${CHUNK_PAD_MAX}`),
    );
  });

  it('round-trips, with the marker right after the plaintext and zeros after it (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (plaintext) => {
        const padded = padChunk(plaintext);
        expect(padded.length).toBe(Math.max(CHUNK_PAD_MIN, 2 ** Math.ceil(Math.log2(plaintext.length + 1))));
        expect(padded[plaintext.length]).toBe(0x80);
        expect(padded.subarray(plaintext.length + 1).every((b) => b === 0)).toBe(true);
        expect(unpadChunk(padded)).toEqual(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a length that is not a bucket, and padding without its marker', () => {
    expect(unpadChunk(new Uint8Array(512).fill(0x80))).toBeUndefined();
    expect(unpadChunk(padChunk(new Uint8Array(10)).subarray(0, 1000))).toBeUndefined();
    expect(unpadChunk(new Uint8Array(1536))).toBeUndefined();
    expect(unpadChunk(new Uint8Array(1024))).toBeUndefined();
    expect(unpadChunk(new Uint8Array(1024).fill(7))).toBeUndefined();
  });
});
