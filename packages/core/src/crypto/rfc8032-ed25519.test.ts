/**
 * Both Ed25519 engines reproduce RFC 8032 §7.1 byte for byte (public key from seed, deterministic
 * signature) and accept the published signatures; a signature with any one bit flipped, a changed
 * message or another key is refused by both. Vectors: test/vectors/rfc8032-ed25519.json.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import vectorFile from '../../test/vectors/rfc8032-ed25519.json' with { type: 'json' };
import { fromHex, toHex } from '../bytes.ts';
import { detectEd25519, type Ed25519, nobleEd25519, webCryptoEd25519 } from './ed25519.ts';

const vectors = vectorFile.vectors.map((v) => ({
  name: v.name,
  seed: fromHex(v.secretKey),
  publicKey: fromHex(v.publicKey),
  message: fromHex(v.message),
  signature: fromHex(v.signature),
}));

const engines: [string, Ed25519][] = [
  ['noble', nobleEd25519],
  ['webcrypto', webCryptoEd25519(globalThis.crypto.subtle as never)],
];

const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = bytes.slice();
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
};

describe('RFC 8032 §7.1 Ed25519 vectors', () => {
  it('has the five §7.1 vectors, with the message lengths the RFC gives', () => {
    expect(vectors.map((v) => [v.name, v.message.length])).toEqual([
      ['TEST 1', 0],
      ['TEST 2', 1],
      ['TEST 3', 2],
      ['TEST 1024', 1023],
      ['TEST SHA(abc)', 64],
    ]);
  });

  describe.each(engines)('%s engine', (_name, ed) => {
    it.each(vectors)('$name: derives the public key from the seed', (v) => {
      expect(toHex(ed.getPublicKey(v.seed))).toBe(toHex(v.publicKey));
    });

    it.each(vectors)('$name: signs to the published signature', async (v) => {
      expect(toHex(await ed.sign(v.message, v.seed))).toBe(toHex(v.signature));
    });

    it.each(vectors)('$name: verifies the published signature', async (v) => {
      expect(await ed.verify(v.signature, v.message, v.publicKey)).toBe(true);
    });

    it.each(vectors)('$name: refuses the signature with one bit flipped (R, S and the top bit of S)', async (v) => {
      for (const bit of [0, 200, 255, 256, 400, 511]) {
        expect(await ed.verify(flipBit(v.signature, bit), v.message, v.publicKey), `bit ${bit}`).toBe(false);
      }
    });

    it('TEST 1: refuses every one of the 512 single-bit flips of the signature', async () => {
      const v = vectors[0]!;
      const accepted: number[] = [];
      for (let bit = 0; bit < 512; bit++) {
        if (await ed.verify(flipBit(v.signature, bit), v.message, v.publicKey)) accepted.push(bit);
      }
      expect(accepted).toEqual([]);
    });

    it.each(vectors.filter((v) => v.message.length > 0))('$name: refuses the signature over a message with one bit flipped', async (v) => {
      expect(await ed.verify(v.signature, flipBit(v.message, 0), v.publicKey)).toBe(false);
    });

    it('refuses a published signature under another vector’s public key', async () => {
      const [a, b] = [vectors[1]!, vectors[2]!];
      expect(await ed.verify(a.signature, a.message, b.publicKey)).toBe(false);
    });

    it('answers false, without throwing, for a wrong-length signature or key', async () => {
      const v = vectors[1]!;
      expect(await ed.verify(v.signature.subarray(0, 63), v.message, v.publicKey)).toBe(false);
      expect(await ed.verify(v.signature, v.message, v.publicKey.subarray(0, 31))).toBe(false);
    });
  });

  it('the two engines make identical signatures and accept each other’s (seeded property)', async () => {
    const [noble, webcrypto] = [engines[0]![1], engines[1]![1]];
    await checkProperty(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), async (seed, message) => {
        const pub = noble.getPublicKey(seed);
        expect(toHex(webcrypto.getPublicKey(seed))).toBe(toHex(pub));
        const a = await noble.sign(message, seed);
        const b = await webcrypto.sign(message, seed);
        expect(toHex(b)).toBe(toHex(a));
        expect(await webcrypto.verify(a, message, pub)).toBe(true);
        expect(await noble.verify(b, message, pub)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('detectEd25519', () => {
  it('chooses the WebCrypto engine on Node ≥ 20.19, and that engine passes TEST 1', async () => {
    const ed = await detectEd25519();
    expect(ed.engine).toBe('webcrypto');
    const v = vectors[0]!;
    expect(toHex(await ed.sign(v.message, v.seed))).toBe(toHex(v.signature));
  });
});
