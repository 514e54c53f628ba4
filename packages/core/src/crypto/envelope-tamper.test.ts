/**
 * An envelope opens only as sealed: a valid one opens to the exact plaintext; any single flipped bit
 * (header, nonce, ciphertext or signature) is `forged`, or a decode error for the version byte; moving
 * it to another bond, epoch, sender device or seq is `forged` even if the sender re-signs it (the header
 * is the AEAD's associated data, not only signed); cut or lengthened ciphertext is `forged` or a decode
 * error; and every envelope sealed from at most 255 bytes has the same length.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { concatBytes, toBase64url, toHex, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import { nobleEd25519, webCryptoEd25519 } from './ed25519.ts';
import {
  decodeEnvelope,
  ENVELOPE_OVERHEAD,
  type EnvelopeHeader,
  encodeHeader,
  HEADER_LENGTH,
  MAX_ENVELOPE_LENGTH,
  openEnvelope,
  sealEnvelope,
} from './envelope.ts';

const ed = webCryptoEd25519(globalThis.crypto.subtle as never);
const SIG = 64;
const FORGED = { ok: false, reason: 'forged' } as const;

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const id = (n: number) => bytes(n).map(toBase64url);
const headerArb: fc.Arbitrary<EnvelopeHeader> = fc.record({
  bondId: id(16),
  senderDevice: id(16),
  epochId: id(8),
  seq: fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }),
});
interface Case {
  header: EnvelopeHeader;
  epochKey: Uint8Array;
  signSeed: Uint8Array;
  nonce: Uint8Array;
  plaintext: Uint8Array;
}
const caseArb: fc.Arbitrary<Case> = fc.record({
  header: headerArb,
  epochKey: bytes(32),
  signSeed: bytes(32),
  nonce: bytes(24),
  plaintext: fc.uint8Array({ maxLength: 255 }),
});

const fixedRandom = (nonce: Uint8Array): Random => ({ bytes: (n) => (n === nonce.length ? nonce.slice() : new Uint8Array(n)) });

const seal = (c: Case) =>
  sealEnvelope({ ed, random: fixedRandom(c.nonce), header: c.header, epochKey: c.epochKey, signSeed: c.signSeed, plaintext: c.plaintext });

/** Decodes and opens; a decode error is reported as `decode-error` so a test can say which outcome it allows. */
async function tryOpen(envelope: Uint8Array, c: Case): Promise<Awaited<ReturnType<typeof openEnvelope>> | 'decode-error'> {
  let decoded: ReturnType<typeof decodeEnvelope>;
  try {
    decoded = decodeEnvelope(envelope);
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return 'decode-error';
  }
  return openEnvelope(ed, decoded, c.epochKey, publicKeyOf(c.signSeed));
}

const publicKeys = new Map<string, Uint8Array>();
function publicKeyOf(seed: Uint8Array): Uint8Array {
  const known = publicKeys.get(toHex(seed));
  if (known) return known;
  const pub = ed.getPublicKey(seed);
  publicKeys.set(toHex(seed), pub);
  return pub;
}

const flipBit = (b: Uint8Array, bit: number) => {
  const out = b.slice();
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
};

/** Re-signs header ‖ nonce ‖ ct as the genuine sender would: only the AEAD can catch what follows. */
async function resign(envelope: Uint8Array, signSeed: Uint8Array) {
  const signed = envelope.subarray(0, envelope.length - SIG);
  return concatBytes(signed, await ed.sign(signed, signSeed));
}

const fixedCase: Case = {
  header: {
    bondId: toBase64url(new Uint8Array(16).fill(1)),
    senderDevice: toBase64url(new Uint8Array(16).fill(2)),
    epochId: toBase64url(new Uint8Array(8).fill(3)),
    seq: 42n,
  },
  epochKey: new Uint8Array(32).fill(4),
  signSeed: new Uint8Array(32).fill(5),
  nonce: new Uint8Array(24).fill(6),
  plaintext: utf8Encode('{"kind":"location","lat":52.5,"lon":13.4}'),
};

describe('envelope: a valid envelope', () => {
  it('opens to the exact plaintext (seeded property)', async () => {
    await checkProperty(
      fc.asyncProperty(caseArb, async (c) => {
        const result = await tryOpen(await seal(c), c);
        expect(result).toEqual({ ok: true, plaintext: c.plaintext });
      }),
      { numRuns: 100 },
    );
  });

  it('is exactly ENVELOPE_OVERHEAD + 256 bytes for every plaintext of 0..255 bytes', async () => {
    expect(ENVELOPE_OVERHEAD + 256).toBe(409);
    const lengths = new Set<number>();
    for (let n = 0; n <= 255; n++) lengths.add((await seal({ ...fixedCase, plaintext: new Uint8Array(n).fill(0x80) })).length);
    expect([...lengths]).toEqual([409]);
  });

  it('has the same length whatever the header, keys and ≤255-byte plaintext (seeded property)', async () => {
    await checkProperty(
      fc.asyncProperty(caseArb, async (c) => {
        expect((await seal(c)).length).toBe(ENVELOPE_OVERHEAD + 256);
      }),
      { numRuns: 100 },
    );
  });

  it('decodes its clear-text header back to the header it was sealed with', async () => {
    const env = decodeEnvelope(await seal(fixedCase));
    expect({ bondId: env.bondId, senderDevice: env.senderDevice, epochId: env.epochId, seq: env.seq }).toEqual(fixedCase.header);
    expect(toHex(env.headerBytes)).toBe(toHex(encodeHeader(fixedCase.header)));
    expect(toHex(env.nonce)).toBe(toHex(fixedCase.nonce));
  });

  it('opens the same with the noble engine as with WebCrypto', async () => {
    const env = decodeEnvelope(await seal(fixedCase));
    expect(await openEnvelope(nobleEd25519, env, fixedCase.epochKey, nobleEd25519.getPublicKey(fixedCase.signSeed))).toEqual({
      ok: true,
      plaintext: fixedCase.plaintext,
    });
  });

  it('is forged under another epoch key or another sender’s public key', async () => {
    const env = decodeEnvelope(await seal(fixedCase));
    const pub = ed.getPublicKey(fixedCase.signSeed);
    expect(await openEnvelope(ed, env, new Uint8Array(32).fill(9), pub)).toEqual(FORGED);
    expect(await openEnvelope(ed, env, fixedCase.epochKey, ed.getPublicKey(new Uint8Array(32).fill(9)))).toEqual(FORGED);
  });
});

describe('envelope: a single flipped bit', () => {
  it('anywhere in one envelope — each of its 3272 bits — is forged, or a decode error for the version byte', async () => {
    const sealed = await seal(fixedCase);
    const wrong: string[] = [];
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const result = await tryOpen(flipBit(sealed, bit), fixedCase);
      const expected = bit < 8 ? 'decode-error' : FORGED;
      if (JSON.stringify(result) !== JSON.stringify(expected)) wrong.push(`bit ${bit}: ${JSON.stringify(result)}`);
    }
    expect(sealed.length * 8).toBe(3272);
    expect(wrong).toEqual([]);
  });

  it('anywhere, in any envelope, is forged or a version decode error (seeded property)', async () => {
    await checkProperty(
      fc.asyncProperty(caseArb, fc.nat(), async (c, n) => {
        const sealed = await seal(c);
        const bit = n % (sealed.length * 8);
        expect(await tryOpen(flipBit(sealed, bit), c)).toEqual(bit < 8 ? 'decode-error' : FORGED);
      }),
      { numRuns: 300 },
    );
  });

  it('in the header, nonce or ciphertext is forged even when the sender re-signs the result (the AEAD catches it)', async () => {
    const sealed = await seal(fixedCase);
    await checkProperty(
      fc.asyncProperty(fc.integer({ min: 8, max: (sealed.length - SIG) * 8 - 1 }), async (bit) => {
        expect(await tryOpen(await resign(flipBit(sealed, bit), fixedCase.signSeed), fixedCase)).toEqual(FORGED);
      }),
      { numRuns: 200 },
    );
  });
});

describe('envelope: moved to another bond, epoch, sender device or seq', () => {
  const fields = ['bondId', 'epochId', 'senderDevice', 'seq'] as const;
  const otherValue = { bondId: id(16), epochId: id(8), senderDevice: id(16), seq: fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }) };

  it.each(fields)('a spliced-in header with another %s is forged, with the old signature or re-signed (seeded property)', async (field) => {
    await checkProperty(
      fc.asyncProperty(caseArb, otherValue[field] as fc.Arbitrary<string | bigint>, async (c, value) => {
        fc.pre(value !== c.header[field]);
        const sealed = await seal(c);
        const moved = concatBytes(encodeHeader({ ...c.header, [field]: value }), sealed.subarray(HEADER_LENGTH));
        expect(decodeEnvelope(moved)[field]).toEqual(value);
        expect(await tryOpen(moved, c)).toEqual(FORGED);
        expect(await tryOpen(await resign(moved, c.signSeed), c)).toEqual(FORGED);
      }),
      { numRuns: 50 },
    );
  });

  it('the same envelope re-sealed for seq 43 differs only in the header, and neither header opens the other’s body', async () => {
    const a = await seal(fixedCase);
    const b = await seal({ ...fixedCase, header: { ...fixedCase.header, seq: 43n } });
    const swapped = await resign(concatBytes(b.subarray(0, HEADER_LENGTH), a.subarray(HEADER_LENGTH)), fixedCase.signSeed);
    expect(await tryOpen(swapped, fixedCase)).toEqual(FORGED);
  });
});

describe('envelope: cut or lengthened ciphertext', () => {
  const splice = (sealed: Uint8Array, ct: Uint8Array) =>
    concatBytes(sealed.subarray(0, HEADER_LENGTH + 24), ct, sealed.subarray(sealed.length - SIG));

  it('is forged or a decode error, with the old signature or re-signed (seeded property)', async () => {
    await checkProperty(
      fc.asyncProperty(
        caseArb,
        fc.integer({ min: -272, max: 272 }).filter((d) => d !== 0),
        fc.uint8Array({ maxLength: 272 }),
        async (c, delta, filler) => {
          const sealed = await seal(c);
          const ct = sealed.subarray(HEADER_LENGTH + 24, sealed.length - SIG);
          const changed =
            delta < 0
              ? ct.subarray(0, Math.max(0, ct.length + delta))
              : concatBytes(ct, filler, new Uint8Array(delta)).subarray(0, ct.length + delta);
          const env = splice(sealed, changed);
          for (const candidate of [env, await resign(env, c.signSeed)]) {
            const result = await tryOpen(candidate, c);
            expect(result === 'decode-error' || (!result.ok && result.reason === 'forged'), JSON.stringify(result)).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('shorter than the fixed overhead, or longer than the maximum, is a decode error naming the envelope', async () => {
    const sealed = await seal(fixedCase);
    expect(() => decodeEnvelope(sealed.subarray(0, ENVELOPE_OVERHEAD - 1))).toThrow(
      new RangeError(`envelope: expected at least ${ENVELOPE_OVERHEAD} bytes, got ${ENVELOPE_OVERHEAD - 1}`),
    );
    expect(() => decodeEnvelope(new Uint8Array(MAX_ENVELOPE_LENGTH + 1).fill(1))).toThrow(
      new RangeError(`envelope: expected at most ${MAX_ENVELOPE_LENGTH} bytes, got ${MAX_ENVELOPE_LENGTH + 1}`),
    );
    expect(() => decodeEnvelope(flipBit(sealed, 1))).toThrow(new RangeError('envelope version: expected 1, got 3'));
  });

  it('a correctly signed and encrypted body whose padding is damaged is forged, not returned', async () => {
    const header = encodeHeader(fixedCase.header);
    const unpadded = new Uint8Array(256).fill(7); // no 0x80 marker
    const ct = xchacha20poly1305(fixedCase.epochKey, fixedCase.nonce, header).encrypt(unpadded);
    const env = await resign(concatBytes(header, fixedCase.nonce, ct, new Uint8Array(SIG)), fixedCase.signSeed);
    expect(await tryOpen(env, fixedCase)).toEqual(FORGED);
  });
});
