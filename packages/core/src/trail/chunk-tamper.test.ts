/**
 * A day chunk opens only as sealed and only where it was asked for: a valid one opens to its exact
 * plaintext; any flipped bit (header, nonce, ciphertext, signature) is `forged`; a chunk moved to another
 * bond or vault, day, sender device or epoch is `forged` — spliced under a new header (old signature or
 * re-signed), or genuine but served for another request; an older revision replayed over a newer one is
 * `stale`, the same one again opens; cut or lengthened is `forged`; openChunk never throws.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { concatBytes, toBase64url } from '../bytes.ts';
import { webCryptoEd25519 } from '../crypto/ed25519.ts';
import { decodeEnvelope, sealEnvelope } from '../crypto/envelope.ts';
import type { Random } from '../random.ts';
import { CHUNK_OVERHEAD, type ChunkExpectation, decodeChunk, MIN_CHUNK_LENGTH, nextRevision, openChunk, sealChunk } from './chunk.ts';
import { CHUNK_HEADER_LENGTH, type ChunkHeader, encodeChunkHeader } from './chunk-header.ts';

const ed = webCryptoEd25519(globalThis.crypto.subtle as never);
const SIG = 64;
const FORGED = { ok: false, reason: 'forged' } as const;
const STALE = { ok: false, reason: 'stale' } as const;

const id = (fill: number, length: number) => toBase64url(new Uint8Array(length).fill(fill));
const header: ChunkHeader = { ownerId: id(1, 16), senderDevice: id(2, 16), epochId: id(3, 8), day: 20_428, revision: 1_765_000_000_000n };
const epochKey = new Uint8Array(32).fill(4);
const signSeed = new Uint8Array(32).fill(5);
const signPub = ed.getPublicKey(signSeed);
const nonce = new Uint8Array(24).fill(6);
const plaintext = new Uint8Array(300).map((_, i) => i & 0xff);
const fixedRandom: Random = { bytes: (n) => (n === 24 ? nonce.slice() : new Uint8Array(n)) };
const asked: ChunkExpectation = { ownerId: header.ownerId, day: header.day, senderDevice: header.senderDevice };

const seal = (h: ChunkHeader = header, body: Uint8Array = plaintext) =>
  sealChunk({ ed, random: fixedRandom, header: h, epochKey, signSeed, plaintext: body });
const open = (chunk: Uint8Array, extra: { expect?: ChunkExpectation; newestAccepted?: bigint } = {}) =>
  openChunk({ ed, chunk, expect: extra.expect ?? asked, epochKey, senderSignPub: signPub, newestAccepted: extra.newestAccepted });

const flipBit = (b: Uint8Array, bit: number) => {
  const out = b.slice();
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
};
const resign = async (chunk: Uint8Array) => {
  const signed = chunk.subarray(0, chunk.length - SIG);
  return concatBytes(signed, await ed.sign(signed, signSeed));
};

describe('chunk: a valid chunk', () => {
  it('opens to its exact plaintext and header, and is the 157-byte overhead plus 1 KiB', async () => {
    const chunk = await seal();
    expect(chunk.length).toBe(MIN_CHUNK_LENGTH);
    expect(CHUNK_OVERHEAD).toBe(157);
    expect(decodeChunk(chunk)).toEqual(header);
    expect(await open(chunk)).toEqual({ ok: true, header, plaintext });
  });

  it('is forged under another epoch key or another sender’s public key', async () => {
    const chunk = await seal();
    const other = new Uint8Array(32).fill(9);
    expect(await openChunk({ ed, chunk, expect: asked, epochKey: other, senderSignPub: signPub })).toEqual(FORGED);
    expect(await openChunk({ ed, chunk, expect: asked, epochKey, senderSignPub: ed.getPublicKey(other) })).toEqual(FORGED);
  });

  it('is never taken for an envelope, nor an envelope for a chunk', async () => {
    const chunk = await seal();
    expect(() => decodeEnvelope(chunk)).toThrow('envelope version: expected 1, got 2');
    const envelope = await sealEnvelope({
      ed,
      random: fixedRandom,
      header: { bondId: header.ownerId, senderDevice: header.senderDevice, epochId: header.epochId, seq: 1n },
      epochKey,
      signSeed,
      plaintext,
      minBucket: 1024,
    });
    expect(await open(envelope)).toEqual(FORGED);
  });
});

describe('chunk: a flipped bit', () => {
  it('in every field of the header, in the nonce, the ciphertext and the signature is forged', async () => {
    const chunk = await seal();
    const fields = {
      version: 0,
      ownerId: 1,
      senderDevice: 17,
      epochId: 33,
      day: 41,
      revision: 45,
      nonce: 53,
      ct: 77,
      tag: chunk.length - SIG - 1,
    };
    const at = { ...fields, sigFirst: chunk.length - SIG, sigLast: chunk.length - 1 };
    for (const [name, byte] of Object.entries(at)) {
      for (const bit of [0, 7]) expect(await open(flipBit(chunk, byte * 8 + bit)), `${name} bit ${bit}`).toEqual(FORGED);
    }
  });

  it('anywhere in the chunk is forged (seeded property over its 9 448 bits)', async () => {
    const chunk = await seal();
    expect(chunk.length * 8).toBe(9448);
    await checkProperty(
      fc.asyncProperty(fc.integer({ min: 0, max: chunk.length * 8 - 1 }), async (bit) => {
        expect(await open(flipBit(chunk, bit))).toEqual(FORGED);
      }),
      { numRuns: 400 },
    );
  });

  it('in the header, nonce or ciphertext is forged even re-signed by the sender (the AEAD catches it; seeded property)', async () => {
    const chunk = await seal();
    await checkProperty(
      fc.asyncProperty(fc.integer({ min: 8, max: (chunk.length - SIG) * 8 - 1 }), async (bit) => {
        expect(await open(await resign(flipBit(chunk, bit)))).toEqual(FORGED);
      }),
      { numRuns: 200 },
    );
  });
});

describe('chunk: moved to another bond, day, sender device or epoch', () => {
  const moves: [string, Partial<ChunkHeader>][] = [
    ['owner (another bond, or the vault)', { ownerId: id(7, 16) }],
    ['day', { day: header.day + 1 }],
    ['sender device', { senderDevice: id(8, 16) }],
    ['epoch', { epochId: id(9, 8) }],
    ['revision', { revision: header.revision + 1n }],
  ];

  it.each(moves)('a header spliced to another %s is forged, with the old signature or re-signed', async (_, change) => {
    const chunk = await seal();
    const moved = concatBytes(encodeChunkHeader({ ...header, ...change }), chunk.subarray(CHUNK_HEADER_LENGTH));
    const expect_ = {
      ownerId: change.ownerId ?? asked.ownerId,
      day: change.day ?? asked.day,
      senderDevice: change.senderDevice ?? asked.senderDevice,
    };
    expect(await open(moved, { expect: expect_ })).toEqual(FORGED);
    expect(await open(await resign(moved), { expect: expect_ })).toEqual(FORGED);
  });

  it('a genuine chunk served for another bond, day or sender than asked for is forged', async () => {
    const chunk = await seal();
    expect(await open(chunk, { expect: { ...asked, ownerId: id(7, 16) } })).toEqual(FORGED);
    expect(await open(chunk, { expect: { ...asked, day: asked.day + 1 } })).toEqual(FORGED);
    expect(await open(chunk, { expect: { ...asked, senderDevice: id(8, 16) } })).toEqual(FORGED);
  });
});

describe('chunk: revisions', () => {
  it('an older revision replayed over a newer one is stale; the newest again opens; a forged one is never called stale', async () => {
    const older = await seal({ ...header, revision: 100n });
    const newer = await seal({ ...header, revision: 200n });
    expect((await open(newer)).ok).toBe(true);
    expect(await open(older, { newestAccepted: 200n })).toEqual(STALE);
    expect((await open(newer, { newestAccepted: 200n })).ok).toBe(true);
    expect(await open(flipBit(older, 77 * 8), { newestAccepted: 200n })).toEqual(FORGED);
  });

  it('nextRevision is the clock, or one past the last sealed when the clock is behind it', () => {
    expect(nextRevision(1_000, undefined)).toBe(1_000n);
    expect(nextRevision(1_000, 999n)).toBe(1_000n);
    expect(nextRevision(1_000, 1_000n)).toBe(1_001n);
    expect(nextRevision(500, 1_000n)).toBe(1_001n);
  });
});

describe('chunk: cut, lengthened or damaged', () => {
  it('cut at any length, or lengthened, is forged (and decodeChunk names the length)', async () => {
    const chunk = await seal();
    for (const length of [0, 1, 52, 53, 76, 77, CHUNK_OVERHEAD, chunk.length - 1024, chunk.length - 65, chunk.length - 1]) {
      expect(await open(chunk.subarray(0, length)), `cut to ${length}`).toEqual(FORGED);
    }
    expect(await open(concatBytes(chunk, new Uint8Array(1)))).toEqual(FORGED);
    expect(await open(concatBytes(chunk, new Uint8Array(1024)))).toEqual(FORGED);
    expect(() => decodeChunk(chunk.subarray(0, chunk.length - 1))).toThrow(`chunk: expected ${CHUNK_OVERHEAD} bytes plus a power of two`);
  });

  it('a correctly signed and encrypted body whose padding is damaged is forged, not returned', async () => {
    const h = encodeChunkHeader(header);
    const ct = xchacha20poly1305(epochKey, nonce, h).encrypt(new Uint8Array(1024).fill(7)); // no 0x80 marker
    expect(await open(await resign(concatBytes(h, nonce, ct, new Uint8Array(SIG))))).toEqual(FORGED);
  });
});
