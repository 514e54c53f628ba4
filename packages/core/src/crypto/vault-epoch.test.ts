/**
 * Vault epochs: every device on the person's list opens the same key, and so does a restore from the
 * recovery phrase (the recovery key is HKDF-SHA256(seed, "entwine/v1/vault-recovery"), checked against
 * node:crypto's HKDF); a device not on the list, another vault's reader, a wrong signer, an altered
 * document, a box moved to another epoch or vault, and a key distribution passed off as a vault epoch are
 * all refused.
 */
import { hkdfSync } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8Decode, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import { seeded } from '../shield/test-support/seeded.ts';
import { nobleEd25519 } from './ed25519.ts';
import { newEpoch, sealKeyDist } from './epoch.ts';
import { hpkeSuite } from './hpke.ts';
import { coarseningKeyOf, generateDeviceKeys, identityFromPhrase } from './identity.ts';
import { signBlob } from './signed-blob.ts';
import {
  newVaultEpoch,
  openVaultEpoch,
  openVaultEpochWithSeed,
  peekVaultEpoch,
  sealVaultEpoch,
  vaultRecoveryKeyOf,
} from './vault-epoch.ts';

const ed = nobleEd25519;
const suite = hpkeSuite();
const rng = seeded(0x7a_0014);
const random: Random = { bytes: (n) => rng.bytes(n) };
const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const identity = identityFromPhrase(ed, PHRASE);
const vaultId = toBase64url(new Uint8Array(16).fill(0x51));
const phone = generateDeviceKeys(ed, random);
const laptop = generateDeviceKeys(ed, random);
const stranger = generateDeviceKeys(ed, random);
const recovery = vaultRecoveryKeyOf(identity.seed);

const sealOne = (epoch = newVaultEpoch(random, vaultId)) =>
  sealVaultEpoch({
    ed,
    suite,
    epoch,
    sender: phone,
    devices: [phone, laptop],
    recoveryPub: recovery.pub,
    createdAt: 1_765_000_000_000,
  }).then((blob) => ({ epoch, blob }));
const asPhone = { ed, suite, vaultId, senderSignPub: phone.signPub };

describe('vaultRecoveryKeyOf', () => {
  it('is X25519 of HKDF-SHA256(identity seed, no salt, "entwine/v1/vault-recovery", 32), unlike every other key of the seed', () => {
    const oracle = new Uint8Array(hkdfSync('sha256', identity.seed, new Uint8Array(0), 'entwine/v1/vault-recovery', 32));
    expect(recovery.priv).toEqual(oracle);
    expect(recovery.pub).toEqual(x25519.getPublicKey(oracle));
    expect(recovery.priv).not.toEqual(coarseningKeyOf(identity.seed));
    expect(vaultRecoveryKeyOf(identityFromPhrase(ed, ` ${PHRASE.toUpperCase()}`).seed)).toEqual(recovery);
    expect(() => vaultRecoveryKeyOf(new Uint8Array(31))).toThrow(new RangeError('identitySeed: expected 32 bytes, got 31'));
  });
});

describe('a vault epoch', () => {
  it('opens to the same key on every listed device and with the identity seed (a restore)', async () => {
    const { epoch, blob } = await sealOne();
    const expected = { ...epoch, senderDevice: phone.deviceId, createdAt: 1_765_000_000_000 };
    expect(await openVaultEpoch({ ...asPhone, blob, me: phone })).toEqual(expected);
    expect(await openVaultEpoch({ ...asPhone, blob, me: laptop })).toEqual(expected);
    expect(await openVaultEpochWithSeed({ ...asPhone, blob, identitySeed: identity.seed })).toEqual(expected);
    expect(peekVaultEpoch(blob)).toEqual({ vaultId, epochId: epoch.epochId, senderDevice: phone.deviceId });
  });

  it('does not open for a device off the list, another identity’s seed, another vault, or under another signer’s key', async () => {
    const { blob } = await sealOne();
    expect(await openVaultEpoch({ ...asPhone, blob, me: stranger })).toBeUndefined();
    const other = identityFromPhrase(ed, 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
    expect(await openVaultEpochWithSeed({ ...asPhone, blob, identitySeed: other.seed })).toBeUndefined();
    expect(await openVaultEpoch({ ...asPhone, blob, me: phone, vaultId: toBase64url(new Uint8Array(16).fill(0x52)) })).toBeUndefined();
    expect(await openVaultEpoch({ ...asPhone, blob, me: phone, senderSignPub: laptop.signPub })).toBeUndefined();
  });

  it('refused when its body is altered, or a box is moved to another epoch or vault and re-signed by the same device', async () => {
    const { blob } = await sealOne();
    const doc = JSON.parse(utf8Decode(fromBase64url(blob.body)));
    const altered = { ...blob, body: toBase64url(utf8Encode(JSON.stringify({ ...doc, createdAt: doc.createdAt + 1 }))) };
    expect(await openVaultEpoch({ ...asPhone, blob: altered, me: phone })).toBeUndefined();
    const movedEpoch = await signBlob(ed, 'vault-epoch', { ...doc, epochId: toBase64url(new Uint8Array(8).fill(9)) }, phone.signSeed);
    expect(await openVaultEpoch({ ...asPhone, blob: movedEpoch, me: phone })).toBeUndefined();
    expect(await openVaultEpochWithSeed({ ...asPhone, blob: movedEpoch, identitySeed: identity.seed })).toBeUndefined();
    const otherVault = toBase64url(new Uint8Array(16).fill(0x52));
    const movedVault = await signBlob(ed, 'vault-epoch', { ...doc, vaultId: otherVault }, phone.signSeed);
    expect(await openVaultEpoch({ ...asPhone, vaultId: otherVault, blob: movedVault, me: phone })).toBeUndefined();
  });

  it('a bond’s key distribution is never taken for a vault epoch', async () => {
    const keyDist = await sealKeyDist({
      ed,
      suite,
      epoch: newEpoch(random, vaultId, phone.deviceId),
      sender: phone,
      senderUser: identity.userId,
      recipients: [phone],
      createdAt: 1,
    });
    expect(await openVaultEpoch({ ...asPhone, blob: keyDist, me: phone })).toBeUndefined();
  });
});
