/**
 * Sealing an epoch key to one recipient device: RFC 9180 HPKE, base mode,
 * DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + ChaCha20-Poly1305 (suite 0x0020/0x0001/0x0003),
 * through the pinned @hpke packages. One seal per epoch and recipient device, never per message
 * (a seal + open costs ~6 ms here, DESIGN §12).
 */
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { assertBytes } from '../bytes.ts';

export function hpkeSuite(): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
}

export interface Sealed {
  enc: Uint8Array;
  ct: Uint8Array;
}

export async function hpkeSeal(suite: CipherSuite, recipientPub: Uint8Array, info: Uint8Array, plaintext: Uint8Array): Promise<Sealed> {
  assertBytes(recipientPub, 32, 'hpke recipient public key');
  const recipientPublicKey = await suite.kem.deserializePublicKey(recipientPub);
  const { ct, enc } = await suite.seal({ recipientPublicKey, info }, plaintext);
  return { enc: new Uint8Array(enc), ct: new Uint8Array(ct) };
}

/** Returns `undefined` when the box does not open: wrong key, other info, or tampered bytes. */
export async function hpkeOpen(
  suite: CipherSuite,
  recipientPriv: Uint8Array,
  info: Uint8Array,
  sealed: Sealed,
): Promise<Uint8Array | undefined> {
  assertBytes(recipientPriv, 32, 'hpke recipient private key');
  try {
    const recipientKey = await suite.kem.importKey('raw', recipientPriv.slice().buffer, false);
    return new Uint8Array(await suite.open({ recipientKey, enc: sealed.enc, info }, sealed.ct));
  } catch {
    return undefined;
  }
}
