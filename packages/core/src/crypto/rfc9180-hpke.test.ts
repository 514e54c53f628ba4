/**
 * The suite `hpkeSuite()` builds is RFC 9180's DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 /
 * ChaCha20-Poly1305, and it reproduces Appendix A.2.1 (base mode): the derived key pairs, `enc`,
 * every listed sequence ciphertext and the exported values; the recipient opens them. Our own
 * `hpkeSeal`/`hpkeOpen` round-trip and refuse anything tampered, mis-bound or mis-addressed.
 * Vectors: test/vectors/rfc9180-hpke-x25519-chacha.json.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import v from '../../test/vectors/rfc9180-hpke-x25519-chacha.json' with { type: 'json' };
import { fromHex, toHex, utf8Encode } from '../bytes.ts';
import { hpkeOpen, hpkeSeal, hpkeSuite } from './hpke.ts';

const suite = hpkeSuite();
const info = fromHex(v.info);
const hex = (b: ArrayBuffer | Uint8Array) => toHex(new Uint8Array(b));
const privateKey = (raw: string) => suite.kem.importKey('raw', fromHex(raw).slice().buffer, false);

/** Seals sequence numbers 0..last in order (a context's nonce advances per seal) and keeps the listed ones. */
async function sealSequence(sender: { seal(pt: Uint8Array, aad: Uint8Array): Promise<ArrayBuffer> }) {
  const wanted = new Map(v.encryptions.map((e) => [e.seq, e]));
  const last = Math.max(...wanted.keys());
  const out = new Map<number, string>();
  for (let seq = 0; seq <= last; seq++) {
    const e = wanted.get(seq);
    const ct = await sender.seal(fromHex(e?.pt ?? ''), fromHex(e?.aad ?? ''));
    if (e) out.set(seq, hex(ct));
  }
  return out;
}

describe('RFC 9180 A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode', () => {
  it('hpkeSuite() has the vector’s algorithm ids (kem 0x0020, kdf 0x0001, aead 0x0003)', () => {
    expect([suite.kem.id, suite.kdf.id, suite.aead.id]).toEqual([v.kem_id, v.kdf_id, v.aead_id]);
    expect(v.mode).toBe(0);
  });

  it('the vector is self-consistent: its key and base_nonce open sequence 0 with plain ChaCha20-Poly1305', () => {
    const e = v.encryptions[0]!;
    expect(e.nonce).toBe(v.base_nonce);
    const pt = chacha20poly1305(fromHex(v.key), fromHex(e.nonce), fromHex(e.aad)).decrypt(fromHex(e.ct));
    expect(toHex(pt)).toBe(e.pt);
  });

  it('DeriveKeyPair(ikmE) and DeriveKeyPair(ikmR) give the vector’s key pairs', async () => {
    for (const [ikm, sk, pk] of [
      [v.ikmE, v.skEm, v.pkEm],
      [v.ikmR, v.skRm, v.pkRm],
    ] as const) {
      const pair = await suite.kem.deriveKeyPair(fromHex(ikm));
      expect(hex(await suite.kem.serializePrivateKey(pair.privateKey))).toBe(sk);
      expect(hex(await suite.kem.serializePublicKey(pair.publicKey))).toBe(pk);
      expect(toHex(x25519.getPublicKey(fromHex(sk)))).toBe(pk);
    }
  });

  it('the sender with the vector’s ephemeral key (ekm = ikmE) produces the vector’s enc and ciphertexts', async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromHex(v.pkRm));
    const sender = await suite.createSenderContext({ recipientPublicKey, info, ekm: fromHex(v.ikmE) });
    expect(hex(sender.enc)).toBe(v.enc);
    const got = await sealSequence(sender);
    for (const e of v.encryptions) expect(got.get(e.seq), `sequence ${e.seq}`).toBe(e.ct);
  });

  it('the sender given the ephemeral key pair itself (ekm = skEm/pkEm) produces the same enc and sequence-0 ciphertext', async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromHex(v.pkRm));
    const ekm = { privateKey: await privateKey(v.skEm), publicKey: await suite.kem.deserializePublicKey(fromHex(v.pkEm)) };
    const sender = await suite.createSenderContext({ recipientPublicKey, info, ekm });
    expect(hex(sender.enc)).toBe(v.enc);
    const e = v.encryptions[0]!;
    expect(hex(await sender.seal(fromHex(e.pt), fromHex(e.aad)))).toBe(e.ct);
  });

  it('the sender context exports the vector’s exported values', async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromHex(v.pkRm));
    const sender = await suite.createSenderContext({ recipientPublicKey, info, ekm: fromHex(v.ikmE) });
    for (const x of v.exports) {
      expect(hex(await sender.export(fromHex(x.exporter_context), x.L)), `context "${x.exporter_context}"`).toBe(x.exported_value);
    }
  });

  it('the recipient with skRm opens every listed ciphertext to the vector’s plaintext', async () => {
    const recipient = await suite.createRecipientContext({ recipientKey: await privateKey(v.skRm), enc: fromHex(v.enc), info });
    // Unlisted sequence numbers still advance the nonce: a sender in step with the vector fills them in.
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromHex(v.pkRm));
    const sender = await suite.createSenderContext({ recipientPublicKey, info, ekm: fromHex(v.ikmE) });
    const wanted = new Map(v.encryptions.map((e) => [e.seq, e]));
    const last = Math.max(...wanted.keys());
    for (let seq = 0; seq <= last; seq++) {
      const e = wanted.get(seq);
      const filler = await sender.seal(new Uint8Array(), new Uint8Array());
      const pt = e ? await recipient.open(fromHex(e.ct), fromHex(e.aad)) : await recipient.open(filler, new Uint8Array());
      if (e) expect(hex(pt), `sequence ${seq}`).toBe(e.pt);
    }
  });

  it('the recipient refuses the sequence-0 ciphertext under other aad or with a flipped bit', async () => {
    const e = v.encryptions[0]!;
    const open = async (ct: Uint8Array, aad: Uint8Array) => {
      const recipient = await suite.createRecipientContext({ recipientKey: await privateKey(v.skRm), enc: fromHex(v.enc), info });
      return recipient.open(ct, aad);
    };
    await expect(open(fromHex(e.ct), utf8Encode('Count-1'))).rejects.toThrow();
    const flipped = fromHex(e.ct);
    flipped[3] = (flipped[3] as number) ^ 1;
    await expect(open(flipped, fromHex(e.aad))).rejects.toThrow();
  });

  it('hpkeOpen opens a box sealed with the vector’s ephemeral key to the vector’s recipient', async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(fromHex(v.pkRm));
    const sender = await suite.createSenderContext({ recipientPublicKey, info, ekm: fromHex(v.ikmE) });
    const pt = fromHex(v.encryptions[0]!.pt);
    const ct = new Uint8Array(await sender.seal(pt)); // single-shot = sequence 0 with empty aad
    expect(toHex((await hpkeOpen(suite, fromHex(v.skRm), info, { enc: fromHex(v.enc), ct }))!)).toBe(toHex(pt));
    expect(await hpkeOpen(suite, fromHex(v.skEm), info, { enc: fromHex(v.enc), ct })).toBeUndefined();
  });
});

describe('hpkeSeal / hpkeOpen', () => {
  const recipient = () => {
    const priv = x25519.utils.randomSecretKey();
    return { priv, pub: x25519.getPublicKey(priv) };
  };

  it('round-trips any plaintext and info to the addressed recipient (seeded property)', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 512 }),
        async (priv, bindInfo, plaintext) => {
          const sealed = await hpkeSeal(suite, x25519.getPublicKey(priv), bindInfo, plaintext);
          expect(sealed.enc.length).toBe(32);
          expect(sealed.ct.length).toBe(plaintext.length + 16);
          expect(toHex((await hpkeOpen(suite, priv, bindInfo, sealed))!)).toBe(toHex(plaintext));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a box with any single bit of enc or ct flipped (seeded property)', async () => {
    const r = recipient();
    const bindInfo = utf8Encode('entwine/v1/epoch test');
    const sealed = await hpkeSeal(suite, r.pub, bindInfo, new Uint8Array(32).fill(9));
    const bits = (sealed.enc.length + sealed.ct.length) * 8;
    await checkProperty(
      fc.asyncProperty(fc.integer({ min: 0, max: bits - 1 }), async (bit) => {
        const both = new Uint8Array([...sealed.enc, ...sealed.ct]);
        both[bit >> 3] = (both[bit >> 3] as number) ^ (1 << (bit & 7));
        const tampered = { enc: both.subarray(0, 32), ct: both.subarray(32) };
        expect(await hpkeOpen(suite, r.priv, bindInfo, tampered)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses other info, another recipient, and truncated or extended ciphertext', async () => {
    const r = recipient();
    const other = recipient();
    const bindInfo = utf8Encode('bond A');
    const sealed = await hpkeSeal(suite, r.pub, bindInfo, utf8Encode('epoch key'));
    expect(await hpkeOpen(suite, r.priv, bindInfo, sealed)).toEqual(utf8Encode('epoch key'));
    expect(await hpkeOpen(suite, r.priv, utf8Encode('bond B'), sealed)).toBeUndefined();
    expect(await hpkeOpen(suite, other.priv, bindInfo, sealed)).toBeUndefined();
    expect(await hpkeOpen(suite, r.priv, bindInfo, { enc: sealed.enc, ct: sealed.ct.subarray(0, -1) })).toBeUndefined();
    expect(await hpkeOpen(suite, r.priv, bindInfo, { enc: sealed.enc, ct: new Uint8Array([...sealed.ct, 0]) })).toBeUndefined();
    expect(await hpkeOpen(suite, r.priv, bindInfo, { enc: sealed.enc.subarray(0, 31), ct: sealed.ct })).toBeUndefined();
  });

  it('names the bad key length: a 31-byte public key or private key', async () => {
    const r = recipient();
    await expect(hpkeSeal(suite, r.pub.subarray(0, 31), new Uint8Array(), new Uint8Array())).rejects.toThrow(
      new RangeError('hpke recipient public key: expected 32 bytes, got 31'),
    );
    const sealed = await hpkeSeal(suite, r.pub, new Uint8Array(), new Uint8Array());
    await expect(hpkeOpen(suite, r.priv.subarray(0, 31), new Uint8Array(), sealed)).rejects.toThrow(
      new RangeError('hpke recipient private key: expected 32 bytes, got 31'),
    );
  });
});
