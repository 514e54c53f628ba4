/**
 * `@noble/ciphers` `secretbox` (XSalsa20-Poly1305, used only for OwnTracks payloads) is byte-for-byte
 * libsodium's `crypto_secretbox_easy`: same ciphertext for the same key, nonce and message, each opens
 * the other's output, both refuse a flipped bit; and both open the OwnTracks Android known-answer
 * message (key "123" zero-padded to 32 bytes). Vector: test/vectors/owntracks-secretbox.json.
 */
import { secretbox } from '@noble/ciphers/salsa.js';
import { base64 } from '@scure/base';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import vector from '../../test/vectors/owntracks-secretbox.json' with { type: 'json' };
import { toHex, utf8Decode, utf8Encode } from '../bytes.ts';

beforeAll(async () => {
  await sodium.ready;
});

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce24 = fc.uint8Array({ minLength: 24, maxLength: 24 });

describe('secretbox: noble against libsodium', () => {
  it('seals to the same bytes as crypto_secretbox_easy, and each opens the other’s box (seeded property)', async () => {
    await checkProperty(
      fc.property(key32, nonce24, fc.uint8Array({ maxLength: 2048 }), (key, nonce, message) => {
        const noble = secretbox(key, nonce).seal(message);
        const libsodium = sodium.crypto_secretbox_easy(message, nonce, key);
        expect(noble.length).toBe(message.length + sodium.crypto_secretbox_MACBYTES);
        expect(toHex(noble)).toBe(toHex(libsodium));
        expect(toHex(sodium.crypto_secretbox_open_easy(noble, nonce, key))).toBe(toHex(message));
        expect(toHex(secretbox(key, nonce).open(libsodium))).toBe(toHex(message));
      }),
      { numRuns: 300 },
    );
  });

  it('both refuse a box with any single bit flipped (seeded property)', async () => {
    await checkProperty(
      fc.property(key32, nonce24, fc.uint8Array({ maxLength: 256 }), fc.nat(), (key, nonce, message, n) => {
        const box = secretbox(key, nonce).seal(message);
        const bit = n % (box.length * 8);
        box[bit >> 3] = (box[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(() => secretbox(key, nonce).open(box)).toThrow();
        expect(() => sodium.crypto_secretbox_open_easy(box, nonce, key)).toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('OwnTracks Android known answer (EncryptionProviderTest.kt)', () => {
  // EncryptionProvider.kt: the key's UTF-8 bytes in a zeroed 32-byte array; wire = base64(nonce ‖ box).
  const key = new Uint8Array(32);
  key.set(utf8Encode(vector.encryptionKey));
  const data = base64.decode((JSON.parse(vector.message) as { data: string }).data);
  const nonce = data.subarray(0, 24);
  const box = data.subarray(24);

  it('the message is an OwnTracks "encrypted" envelope', () => {
    expect(JSON.parse(vector.message)).toMatchObject({ _type: 'encrypted', _id: '0571e18d' });
    expect(box.length).toBeGreaterThan(sodium.crypto_secretbox_MACBYTES);
  });

  it('noble and libsodium open it to the same location message', () => {
    const noble = secretbox(key, nonce).open(box);
    const libsodium = sodium.crypto_secretbox_open_easy(box, nonce, key);
    expect(toHex(noble)).toBe(toHex(libsodium));
    expect(JSON.parse(utf8Decode(noble))).toMatchObject(vector.expected);
  });

  it('resealing the opened message under the same nonce gives back the exact wire bytes', () => {
    const plaintext = secretbox(key, nonce).open(box);
    expect(toHex(secretbox(key, nonce).seal(plaintext))).toBe(toHex(box));
  });

  it('does not open under a neighbouring key ("124") or the all-zero key', () => {
    const wrong = new Uint8Array(32);
    wrong.set(utf8Encode('124'));
    expect(() => secretbox(wrong, nonce).open(box)).toThrow();
    expect(() => secretbox(new Uint8Array(32), nonce).open(box)).toThrow();
  });
});
