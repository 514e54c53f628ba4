/**
 * The day chunk: one sealed day of one person's trail for one bond or their vault (decision 0014 §2).
 *
 *   offset  size  field
 *   0       53    header (`chunk-header.ts`): version = 0x02, ownerId, senderDevice, epochId, day, revision
 *   53      24    nonce (random)
 *   77      n     ct = XChaCha20-Poly1305(epochKey, nonce, aad = header, padChunk(plaintext)); n includes the tag
 *   77+n    64    sig = Ed25519(senderDevice signing key, header ‖ nonce ‖ ct)
 *
 * n − 16 is a power of two from 1 KiB to 4 MiB, so every chunk is 157 bytes plus one of those.
 * The construction is the envelope's (`crypto/_signed-aead.ts`); the version byte 0x02 keeps a chunk
 * from ever passing as an envelope (0x01) or the other way round.
 *
 * Opening guarantees: no plaintext unless the signature, the AEAD and the padding all hold; a chunk that
 * is not the one asked for — another bond or vault, another day, another sending device — is `forged`
 * even when genuine (a relay serving yesterday for today, or one bond's chunk for another); a genuine
 * chunk older than the newest revision the reader already accepted for (owner, sender, day) is `stale`.
 */
import { NONCE_LENGTH, openSignedAead, SIG_LENGTH, sealSignedAead, TAG_LENGTH } from '../crypto/_signed-aead.ts';
import type { Ed25519 } from '../crypto/ed25519.ts';
import type { Random } from '../random.ts';
import { CHUNK_HEADER_LENGTH, type ChunkHeader, decodeChunkHeader, encodeChunkHeader } from './chunk-header.ts';
import { CHUNK_PAD_MAX, CHUNK_PAD_MIN, padChunk, unpadChunk } from './pad-chunk.ts';

/** Header, nonce, tag and signature: 157 bytes around the padded plaintext. */
export const CHUNK_OVERHEAD = CHUNK_HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH + SIG_LENGTH;
export const MIN_CHUNK_LENGTH = CHUNK_OVERHEAD + CHUNK_PAD_MIN;
export const MAX_CHUNK_LENGTH = CHUNK_OVERHEAD + CHUNK_PAD_MAX;

export const CHUNK_FAILURES = { forged: 'forged', stale: 'stale' } as const;
export type ChunkFailure = (typeof CHUNK_FAILURES)[keyof typeof CHUNK_FAILURES];
export type ChunkOpenResult = { ok: true; header: ChunkHeader; plaintext: Uint8Array } | { ok: false; reason: ChunkFailure };

/** What the reader asked the relay for: the chunk must say exactly this, or it is not the one asked for. */
export interface ChunkExpectation {
  /** The bondId, or the sharer's vaultId. */
  ownerId: string;
  day: number;
  senderDevice: string;
}

export async function sealChunk(args: {
  ed: Ed25519;
  random: Random;
  header: ChunkHeader;
  epochKey: Uint8Array;
  signSeed: Uint8Array;
  plaintext: Uint8Array;
}): Promise<Uint8Array> {
  const { ed, random, signSeed } = args;
  return sealSignedAead({
    ed,
    random,
    signSeed,
    header: encodeChunkHeader(args.header),
    key: args.epochKey,
    padded: padChunk(args.plaintext),
  });
}

/**
 * The framing only (no cryptography): the header, after checking the length is the overhead plus a
 * padded size. For the relay's checks and for a reader to find the epoch key and the sender's key.
 * Throws RangeError naming what is wrong.
 */
export function decodeChunk(bytes: Uint8Array): ChunkHeader {
  const header = decodeChunkHeader(bytes);
  const body = bytes.length - CHUNK_OVERHEAD;
  if (body < CHUNK_PAD_MIN || body > CHUNK_PAD_MAX || (body & (body - 1)) !== 0)
    throw new RangeError(
      `chunk: expected ${CHUNK_OVERHEAD} bytes plus a power of two from ${CHUNK_PAD_MIN} to ${CHUNK_PAD_MAX}, got ${bytes.length}`,
    );
  return header;
}

/** `decodeChunk`, or `undefined` for bytes that are no chunk. Unauthenticated: only for routing. */
export function peekChunkHeader(bytes: Uint8Array): ChunkHeader | undefined {
  try {
    return decodeChunk(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Opens a chunk the reader asked for. `newestAccepted` is the newest revision this reader already accepted
 * for (expect.ownerId, expect.senderDevice, expect.day): an older one is `stale`; the same one again opens
 * (reading a day twice is not a replay). `stale` is only said of a chunk that is otherwise genuine.
 */
export async function openChunk(args: {
  ed: Ed25519;
  chunk: Uint8Array;
  expect: ChunkExpectation;
  epochKey: Uint8Array;
  senderSignPub: Uint8Array;
  newestAccepted?: bigint;
}): Promise<ChunkOpenResult> {
  const forged = { ok: false, reason: CHUNK_FAILURES.forged } as const;
  const header = peekChunkHeader(args.chunk);
  if (!header) return forged;
  const { expect } = args;
  if (header.ownerId !== expect.ownerId || header.day !== expect.day || header.senderDevice !== expect.senderDevice) return forged;
  const padded = await openSignedAead(args.ed, args.chunk, CHUNK_HEADER_LENGTH, args.epochKey, args.senderSignPub);
  const plaintext = padded && unpadChunk(padded);
  if (!plaintext) return forged;
  if (args.newestAccepted !== undefined && header.revision < args.newestAccepted) return { ok: false, reason: CHUNK_FAILURES.stale };
  return { ok: true, header, plaintext };
}

/**
 * The revision to seal a day's next version under: the sealer's clock in ms, or one more than the last
 * revision it sealed for that (owner, day), whichever is larger — strictly increasing even when the
 * clock steps back (decision 0014 §2).
 */
export function nextRevision(nowMs: number, lastSealed: bigint | undefined): bigint {
  const clock = BigInt(Math.max(0, Math.floor(nowMs)));
  return lastSealed !== undefined && lastSealed >= clock ? lastSealed + 1n : clock;
}
