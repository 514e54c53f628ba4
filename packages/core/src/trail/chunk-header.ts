/**
 * The clear-text header of a day chunk (docs/decisions/0014-history-vault-and-day-chunks.md §2): what the
 * relay reads to keep only the newest revision per (owner, sender, day) and to apply retention. It is the
 * chunk's AEAD associated data and is covered by the sender's signature, so none of it can be changed
 * without the chunk being refused as forged.
 *
 *   offset  size  field
 *   0       1     version = 0x02 (an envelope is 0x01; anything else is rejected, never guessed)
 *   1       16    ownerId: the bondId, or the sharer's vaultId
 *   17      16    senderDevice
 *   33      8     epochId
 *   41      4     day, u32 big-endian: days since 1970-01-01 UTC
 *   45      8     revision, u64 big-endian, strictly increasing per (ownerId, senderDevice, day)
 *   ── 53 bytes ──
 */
import { assertBytes, concatBytes, fromBase64url, toBase64url, u64be } from '../bytes.ts';

export const CHUNK_VERSION = 2;
export const CHUNK_HEADER_LENGTH = 53;
/** The last day a u32 can name is far beyond any trail; this bound refuses a day before 1970 or absurdly late. */
export const MAX_CHUNK_DAY = 2 ** 32 - 1;

export interface ChunkHeader {
  ownerId: string;
  senderDevice: string;
  epochId: string;
  /** Days since 1970-01-01 UTC. */
  day: number;
  revision: bigint;
}

export function encodeChunkHeader(h: ChunkHeader): Uint8Array {
  const owner = fromBase64url(h.ownerId, 'ownerId');
  const device = fromBase64url(h.senderDevice, 'senderDevice');
  const epoch = fromBase64url(h.epochId, 'epochId');
  assertBytes(owner, 16, 'ownerId');
  assertBytes(device, 16, 'senderDevice');
  assertBytes(epoch, 8, 'epochId');
  if (!Number.isInteger(h.day) || h.day < 0 || h.day > MAX_CHUNK_DAY)
    throw new RangeError(`day: expected an integer from 0 to ${MAX_CHUNK_DAY}, got ${h.day}`);
  if (h.revision < 0n || h.revision >= 2n ** 64n) throw new RangeError(`revision: expected a u64, got ${h.revision}`);
  const day = new Uint8Array(4);
  new DataView(day.buffer).setUint32(0, h.day);
  return concatBytes(new Uint8Array([CHUNK_VERSION]), owner, device, epoch, day, u64be(h.revision));
}

/** Reads the header of a chunk's first 53 bytes. Throws RangeError naming what is wrong. */
export function decodeChunkHeader(bytes: Uint8Array): ChunkHeader {
  assertBytes(bytes, undefined, 'chunk');
  if (bytes.length < CHUNK_HEADER_LENGTH)
    throw new RangeError(`chunk: expected at least ${CHUNK_HEADER_LENGTH} bytes, got ${bytes.length}`);
  if (bytes[0] !== CHUNK_VERSION) throw new RangeError(`chunk version: expected ${CHUNK_VERSION}, got ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ownerId: toBase64url(bytes.subarray(1, 17)),
    senderDevice: toBase64url(bytes.subarray(17, 33)),
    epochId: toBase64url(bytes.subarray(33, 41)),
    day: view.getUint32(41),
    revision: view.getBigUint64(45),
  };
}

/** The UTC day (days since 1970-01-01) of a time in ms. */
export function utcDayOf(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

/** `YYYY-MM-DD` of a UTC day number, and back. */
export function dayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
export function isoToDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || !Number.isFinite(t) || dayToIso(t / 86_400_000) !== iso) throw new RangeError(`day: expected YYYY-MM-DD, got ${iso}`);
  return t / 86_400_000;
}
