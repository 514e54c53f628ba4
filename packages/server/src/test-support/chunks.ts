/**
 * Chunk-shaped bytes for relay tests: a real clear header (`encodeChunkHeader`) and random bytes of a chunk's
 * length after it. The relay never opens a chunk, so nothing here is sealed; readers' checks are core's tests.
 */
import { CHUNK_OVERHEAD, concatBytes, encodeChunkHeader, toBase64url, utcDayOf } from '@entwine/core';
import { random } from './people.ts';

export interface FakeChunk {
  ownerId: string;
  senderDevice: string;
  day: number;
  revision: bigint;
  /** The padded plaintext's length: a power of two from 1 KiB to 4 MiB (default 1 KiB). */
  padded?: number;
  epochId?: string;
}

export function fakeChunk(c: FakeChunk): Uint8Array {
  const header = encodeChunkHeader({
    ownerId: c.ownerId,
    senderDevice: c.senderDevice,
    epochId: c.epochId ?? toBase64url(random.bytes(8)),
    day: c.day,
    revision: c.revision,
  });
  return concatBytes(header, random.bytes((c.padded ?? 1024) + CHUNK_OVERHEAD - header.length));
}

export const today = (now = Date.now()) => utcDayOf(now);
