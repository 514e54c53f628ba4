/**
 * Padding to fixed buckets so sizes do not tell kinds or levels apart (DESIGN §5):
 * location / presence / feeling / glance → 256 B; thoughts → 256 B, 1 KiB or 4 KiB; larger → 64 KiB chunks
 * (each kind's buckets are its entry in the facet registry, `kinds/registry.ts`).
 * Scheme: ISO/IEC 7816-4 — append 0x80, then zeros up to the bucket. Unpadding strips the zeros and
 * requires the 0x80 marker, so a wrong-length or damaged plaintext is refused rather than guessed.
 */
export const PAD_BUCKETS = [256, 1024, 4096, 65_536] as const;
const MAX_PADDED = 65_536;

export function paddedLength(length: number, minBucket = 256): number {
  for (const bucket of PAD_BUCKETS) if (bucket >= minBucket && length + 1 <= bucket) return bucket;
  throw new RangeError(`padding: expected at most ${MAX_PADDED - 1} bytes, got ${length}`);
}

export function pad(plaintext: Uint8Array, minBucket = 256): Uint8Array {
  return padTo(plaintext, paddedLength(plaintext.length, minBucket));
}

export function unpad(padded: Uint8Array): Uint8Array | undefined {
  if (!(PAD_BUCKETS as readonly number[]).includes(padded.length)) return undefined;
  return stripPadding(padded);
}

/** ISO/IEC 7816-4 to exactly `length` bytes (the caller chose a bucket with room for the marker). */
export function padTo(plaintext: Uint8Array, length: number): Uint8Array {
  if (plaintext.length + 1 > length) throw new RangeError(`padding: expected at most ${length - 1} bytes, got ${plaintext.length}`);
  const out = new Uint8Array(length);
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

/** The plaintext before the 0x80 marker and the zeros after it; `undefined` when there is no marker. */
export function stripPadding(padded: Uint8Array): Uint8Array | undefined {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80) return undefined;
  return padded.subarray(0, end);
}
