/**
 * Padding for day chunks (decision 0014 §2): ISO/IEC 7816-4 like an envelope's (`crypto/padding.ts`), to
 * the next power of two from 1 KiB up to 4 MiB. So the relay learns a day's size only to within a factor
 * of two: a still day and a short walk are the same 1 KiB, a full moving day a few tens of KiB.
 * Unpadding requires one of those lengths and the 0x80 marker; anything else is refused, never guessed.
 */
import { padTo, stripPadding } from '../crypto/padding.ts';

export const CHUNK_PAD_MIN = 1024;
export const CHUNK_PAD_MAX = 4 * 1024 * 1024;

/** The padded length of a chunk plaintext of `length` bytes (one byte is always left for the marker). */
export function chunkPaddedLength(length: number): number {
  if (!Number.isInteger(length) || length < 0 || length >= CHUNK_PAD_MAX)
    throw new RangeError(`chunk padding: expected at most ${CHUNK_PAD_MAX - 1} bytes, got ${length}`);
  let bucket = CHUNK_PAD_MIN;
  while (bucket < length + 1) bucket *= 2;
  return bucket;
}

export function padChunk(plaintext: Uint8Array): Uint8Array {
  return padTo(plaintext, chunkPaddedLength(plaintext.length));
}

export function unpadChunk(padded: Uint8Array): Uint8Array | undefined {
  const n = padded.length;
  // A power of two in range: exactly one bit set.
  if (n < CHUNK_PAD_MIN || n > CHUNK_PAD_MAX || (n & (n - 1)) !== 0) return undefined;
  return stripPadding(padded);
}
