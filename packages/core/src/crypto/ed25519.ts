/**
 * Ed25519 (RFC 8032) behind one interface with two engines:
 * - WebCrypto (`crypto.subtle`, Chromium ≥ 137, Node ≥ 20.19): ~10× faster than pure JS (DESIGN §12);
 * - `@noble/curves` with `zip215: false` (strict RFC 8032 / FIPS 186-5) wherever WebCrypto lacks Ed25519.
 * Both engines run the same RFC 8032 vectors (`rfc8032-ed25519.test.ts`). The engine is chosen once per
 * signer instance, never per call, so a failing WebCrypto call is a real error and not a silent fallback.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { assertBytes, concatBytes, fromHex, toHex } from '../bytes.ts';

export interface Ed25519 {
  readonly engine: 'webcrypto' | 'noble';
  getPublicKey(seed: Uint8Array): Uint8Array;
  sign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array>;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean>;
}

// Structural view of the part of SubtleCrypto we use; core does not see DOM or Node typings.
type KeyHandle = object;
interface SubtleEd25519 {
  importKey(format: 'raw' | 'pkcs8', key: Uint8Array, alg: { name: 'Ed25519' }, extractable: boolean, usages: string[]): Promise<KeyHandle>;
  sign(alg: { name: 'Ed25519' }, key: KeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  verify(alg: { name: 'Ed25519' }, key: KeyHandle, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

// RFC 8410 §7: a PKCS#8 Ed25519 private key is this fixed 16-byte DER prefix followed by the 32-byte seed.
const PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const ALG = { name: 'Ed25519' } as const;

export const nobleEd25519: Ed25519 = {
  engine: 'noble',
  getPublicKey: (seed) => ed25519.getPublicKey(seed),
  sign: async (message, seed) => ed25519.sign(message, seed),
  verify: async (signature, message, publicKey) => {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false; // a point that does not decode is a failed verification, not an exception
    }
  },
};

/** A WebCrypto-backed signer; imported keys are cached per instance (public keys by value, seeds by value). */
export function webCryptoEd25519(subtle: SubtleEd25519): Ed25519 {
  const verifyKeys = new Map<string, Promise<KeyHandle>>();
  const signKeys = new Map<string, Promise<KeyHandle>>();
  const cached = (map: Map<string, Promise<KeyHandle>>, id: string, make: () => Promise<KeyHandle>) => {
    let key = map.get(id);
    if (!key) {
      if (map.size > 4096) map.clear(); // bounded: a relay-sized population of partners fits easily
      key = make();
      map.set(id, key);
    }
    return key;
  };
  return {
    engine: 'webcrypto',
    getPublicKey: (seed) => ed25519.getPublicKey(seed),
    async sign(message, seed) {
      assertBytes(seed, 32, 'ed25519 seed');
      const key = await cached(signKeys, toHex(seed), () =>
        subtle.importKey('pkcs8', concatBytes(PKCS8_PREFIX, seed), ALG, false, ['sign']),
      );
      return new Uint8Array(await subtle.sign(ALG, key, message));
    },
    async verify(signature, message, publicKey) {
      if (signature.length !== 64 || publicKey.length !== 32) return false;
      let key: KeyHandle;
      try {
        key = await cached(verifyKeys, toHex(publicKey), () => subtle.importKey('raw', publicKey, ALG, false, ['verify']));
      } catch {
        verifyKeys.delete(toHex(publicKey));
        return false; // an encoding WebCrypto refuses to import cannot verify anything
      }
      return subtle.verify(ALG, key, signature, message);
    },
  };
}

/** RFC 8032 §7.1, TEST 1 (empty message): the probe's known answer. */
const RFC8032_TEST_1 = {
  seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

/**
 * Picks WebCrypto when the platform can import and use an Ed25519 key, noble otherwise.
 * The probe signs and verifies RFC 8032 test 1 so a half-working implementation is not chosen. It compares
 * against the RFC's published answer rather than noble's: deriving a public key with noble first would cost
 * every start noble's precomputation (tens of milliseconds), which the CLI pays on every command.
 */
export async function detectEd25519(): Promise<Ed25519> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleEd25519 } }).crypto?.subtle;
  if (!subtle) return nobleEd25519;
  try {
    const candidate = webCryptoEd25519(subtle);
    const empty = new Uint8Array(0);
    const sig = await candidate.sign(empty, fromHex(RFC8032_TEST_1.seed));
    if (toHex(sig) === RFC8032_TEST_1.signature && (await candidate.verify(sig, empty, fromHex(RFC8032_TEST_1.publicKey)))) {
      return candidate;
    }
  } catch {
    // WebCrypto without Ed25519 (older browsers): noble is the engine for this platform.
  }
  return nobleEd25519;
}
