/**
 * verifyDeviceList accepts a list signed by the identity it names (or the pinned one) and returns its
 * devices; it refuses a rollback (version ≤ the version seen), a device certificate the identity did not
 * sign (or signed for another purpose, or whose id does not match its key), a list signed by another
 * identity when the first is pinned, a list that names another identity, and any edited byte.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8Decode, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import type { DeviceCert, DeviceList } from '../schema/device.ts';
import { webCryptoEd25519 } from './ed25519.ts';
import {
  certifyDevice,
  type DeviceKeys,
  generateDeviceKeys,
  generateRecoveryPhrase,
  type IdentityKey,
  identityFromPhrase,
  signDeviceList,
  userIdOf,
  verifyDeviceList,
} from './identity.ts';
import { type SignedBlob, signBlob } from './signed-blob.ts';

const ed = webCryptoEd25519(globalThis.crypto.subtle as never);

/** Deterministic randomness: each person and device in these tests gets its own stream. */
function counterRandom(label: number): Random {
  let counter = 0;
  return {
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = (label * 131 + counter++ * 17 + i * 7) & 0xff;
      return out;
    },
  };
}

function person(label: number): { identity: IdentityKey; devices: DeviceKeys[] } {
  const identity = identityFromPhrase(ed, generateRecoveryPhrase(counterRandom(label)));
  return { identity, devices: [generateDeviceKeys(ed, counterRandom(label + 100)), generateDeviceKeys(ed, counterRandom(label + 200))] };
}

const alice = person(1);
const mallory = person(2);

async function aliceList(version = 3, certs?: SignedBlob[]) {
  const own = certs ?? (await Promise.all(alice.devices.map((d) => certifyDevice(ed, alice.identity, d, 1_700_000_000_000))));
  return signDeviceList(ed, alice.identity, version, own);
}

const editBody = (blob: SignedBlob, edit: (doc: DeviceList) => DeviceList): SignedBlob => {
  const doc = JSON.parse(utf8Decode(fromBase64url(blob.body))) as DeviceList;
  return { body: toBase64url(utf8Encode(JSON.stringify(edit(doc)))), sig: blob.sig };
};

describe('verifyDeviceList', () => {
  it('accepts a good list at first contact and returns each device’s id and keys', async () => {
    const result = await verifyDeviceList(ed, await aliceList());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.list.userId).toBe(alice.identity.userId);
    expect(result.list.identityPub).toEqual(alice.identity.publicKey);
    expect(result.list.version).toBe(3);
    expect(result.list.devices).toEqual(alice.devices.map((d) => ({ deviceId: d.deviceId, signPub: d.signPub, dhPub: d.dhPub })));
  });

  it('accepts a good list against the pinned identity and a lower seen version', async () => {
    const result = await verifyDeviceList(ed, await aliceList(3), { identityPub: alice.identity.publicKey, seenVersion: 2 });
    expect(result.ok).toBe(true);
  });

  it('refuses a rollback: a version equal to or below the one already seen', async () => {
    const list = await aliceList(3);
    for (const seenVersion of [3, 4, 100]) {
      expect(await verifyDeviceList(ed, list, { identityPub: alice.identity.publicKey, seenVersion }), `seen ${seenVersion}`).toEqual({
        ok: false,
        reason: 'rollback',
      });
    }
  });

  it('refuses a device certificate signed by another identity', async () => {
    const stranger = await certifyDevice(ed, mallory.identity, mallory.devices[0]!, 1);
    const own = await certifyDevice(ed, alice.identity, alice.devices[0]!, 1);
    const list = await aliceList(3, [own, stranger]);
    expect(await verifyDeviceList(ed, list)).toEqual({ ok: false, reason: 'bad-certificate' });
  });

  it('refuses a certificate claiming Alice’s user id but signed by a device key instead of her identity', async () => {
    const d = mallory.devices[0]!;
    const cert: DeviceCert = {
      v: 1,
      userId: alice.identity.userId,
      deviceId: d.deviceId,
      signPub: toBase64url(d.signPub),
      dhPub: toBase64url(d.dhPub),
      createdAt: 1,
    };
    const forged = await signBlob(ed, 'device-cert', cert, alice.devices[0]!.signSeed);
    expect(await verifyDeviceList(ed, await aliceList(3, [forged]))).toEqual({ ok: false, reason: 'bad-certificate' });
  });

  it('refuses a certificate the identity signed for another purpose (domain separation)', async () => {
    const d = alice.devices[0]!;
    const cert: DeviceCert = {
      v: 1,
      userId: alice.identity.userId,
      deviceId: d.deviceId,
      signPub: toBase64url(d.signPub),
      dhPub: toBase64url(d.dhPub),
      createdAt: 1,
    };
    const wrongContext = await signBlob(ed, 'key-dist', cert, alice.identity.seed);
    expect(await verifyDeviceList(ed, await aliceList(3, [wrongContext]))).toEqual({ ok: false, reason: 'bad-certificate' });
  });

  it('refuses a certificate, signed by the identity, whose device id does not match its signing key', async () => {
    const [d, other] = [alice.devices[0]!, alice.devices[1]!];
    const cert: DeviceCert = {
      v: 1,
      userId: alice.identity.userId,
      deviceId: other.deviceId,
      signPub: toBase64url(d.signPub),
      dhPub: toBase64url(d.dhPub),
      createdAt: 1,
    };
    const mismatched = await signBlob(ed, 'device-cert', cert, alice.identity.seed);
    expect(await verifyDeviceList(ed, await aliceList(3, [mismatched]))).toEqual({ ok: false, reason: 'bad-certificate' });
  });

  it('refuses a list signed by another identity once Alice’s identity is pinned', async () => {
    const malloryCerts = await Promise.all(mallory.devices.map((d) => certifyDevice(ed, mallory.identity, d, 1)));
    const malloryList = await signDeviceList(ed, mallory.identity, 99, malloryCerts);
    expect((await verifyDeviceList(ed, malloryList)).ok).toBe(true); // a valid list — of Mallory's
    expect(await verifyDeviceList(ed, malloryList, { identityPub: alice.identity.publicKey })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a list naming Alice’s identity but signed by Mallory, pinned or not', async () => {
    const impostor = await signBlob(
      ed,
      'device-list',
      {
        v: 1,
        userId: alice.identity.userId,
        identityPub: toBase64url(alice.identity.publicKey),
        version: 99,
        devices: [await certifyDevice(ed, mallory.identity, mallory.devices[0]!, 1)],
      },
      mallory.identity.seed,
    );
    expect(await verifyDeviceList(ed, impostor)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyDeviceList(ed, impostor, { identityPub: alice.identity.publicKey })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a list Alice signed that names another identity or user id', async () => {
    const certs = [await certifyDevice(ed, alice.identity, alice.devices[0]!, 1)];
    const namesMallory: DeviceList = {
      v: 1,
      userId: userIdOf(mallory.identity.publicKey),
      identityPub: toBase64url(mallory.identity.publicKey),
      version: 5,
      devices: certs,
    };
    const blob = await signBlob(ed, 'device-list', namesMallory, alice.identity.seed);
    expect(await verifyDeviceList(ed, blob, { identityPub: alice.identity.publicKey })).toEqual({ ok: false, reason: 'wrong-identity' });
    const wrongUser: DeviceList = { ...namesMallory, identityPub: toBase64url(alice.identity.publicKey) };
    const blob2 = await signBlob(ed, 'device-list', wrongUser, alice.identity.seed);
    expect(await verifyDeviceList(ed, blob2)).toEqual({ ok: false, reason: 'wrong-identity' });
  });

  it('refuses a list whose body was edited after signing (a higher version, a dropped device)', async () => {
    const list = await aliceList(3);
    const pinned = { identityPub: alice.identity.publicKey };
    expect(
      await verifyDeviceList(
        ed,
        editBody(list, (d) => ({ ...d, version: 4 })),
        pinned,
      ),
    ).toEqual({ ok: false, reason: 'bad-signature' });
    expect(
      await verifyDeviceList(
        ed,
        editBody(list, (d) => ({ ...d, devices: d.devices.slice(0, 1) })),
        pinned,
      ),
    ).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses garbage that is not a signed list at all', async () => {
    expect(await verifyDeviceList(ed, { body: 'not-json', sig: 'A'.repeat(86) })).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
