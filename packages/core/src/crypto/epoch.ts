/**
 * Epochs (DESIGN §5): per bond, per direction, per sending device, a random 32-byte epoch key and an
 * 8-byte epoch id. The key reaches each recipient device — the partner's devices and the sender's own
 * other devices — HPKE-sealed with info = "entwine/v1/epoch" ‖ bondId ‖ epochId ‖ senderDevice, so a
 * sealed key cannot be replayed into another bond, epoch or sender. The whole distribution is signed
 * by the sending device. An ended bond never gets another epoch: that is what makes ending final.
 */
import type { CipherSuite } from '@hpke/core';
import { concatBytes, fromBase64url, toBase64url, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import { type KeyDist, keyDistSchema } from '../schema/key-dist.ts';
import type { Ed25519 } from './ed25519.ts';
import { hpkeOpen, hpkeSeal } from './hpke.ts';
import type { DeviceKeys, VerifiedDevice } from './identity.ts';
import { openBlob, type SignedBlob, signBlob } from './signed-blob.ts';

export interface Epoch {
  bondId: string;
  epochId: string;
  senderDevice: string;
  key: Uint8Array;
}

export function newEpoch(random: Random, bondId: string, senderDevice: string): Epoch {
  return { bondId, senderDevice, epochId: toBase64url(random.bytes(8)), key: random.bytes(32) };
}

const epochInfo = (bondId: string, epochId: string, senderDevice: string) =>
  concatBytes(utf8Encode('entwine/v1/epoch'), fromBase64url(bondId), fromBase64url(epochId), fromBase64url(senderDevice));

export async function sealKeyDist(args: {
  ed: Ed25519;
  suite: CipherSuite;
  epoch: Epoch;
  sender: DeviceKeys;
  senderUser: string;
  recipients: VerifiedDevice[];
  createdAt: number;
  /** The epoch's place among this sending device's epochs in the bond (see `keyDistSchema.index`). */
  index?: number;
}): Promise<SignedBlob> {
  const { epoch } = args;
  const info = epochInfo(epoch.bondId, epoch.epochId, epoch.senderDevice);
  const sealed: KeyDist['sealed'] = [];
  for (const r of args.recipients) {
    const box = await hpkeSeal(args.suite, r.dhPub, info, epoch.key);
    sealed.push({ device: r.deviceId, enc: toBase64url(box.enc), ct: toBase64url(box.ct) });
  }
  const doc: KeyDist = {
    v: 1,
    bondId: epoch.bondId,
    epochId: epoch.epochId,
    senderDevice: epoch.senderDevice,
    senderUser: args.senderUser,
    createdAt: args.createdAt,
    ...(args.index !== undefined ? { index: args.index } : {}),
    sealed,
  };
  return signBlob(args.ed, 'key-dist', doc, args.sender.signSeed);
}

/** Opens the sealed key meant for `me`; `undefined` if the signature, the box or the binding fails. */
export async function openKeyDist(args: {
  ed: Ed25519;
  suite: CipherSuite;
  blob: SignedBlob;
  senderSignPub: Uint8Array;
  me: DeviceKeys;
}): Promise<(Epoch & { createdAt: number; senderUser: string; index?: number }) | undefined> {
  const doc = await openBlob(args.ed, 'key-dist', args.blob, args.senderSignPub, keyDistSchema);
  if (!doc) return undefined;
  const mine = doc.sealed.find((s) => s.device === args.me.deviceId);
  if (!mine) return undefined;
  const key = await hpkeOpen(args.suite, args.me.dhPriv, epochInfo(doc.bondId, doc.epochId, doc.senderDevice), {
    enc: fromBase64url(mine.enc),
    ct: fromBase64url(mine.ct),
  });
  if (key?.length !== 32) return undefined;
  return {
    bondId: doc.bondId,
    epochId: doc.epochId,
    senderDevice: doc.senderDevice,
    key,
    createdAt: doc.createdAt,
    senderUser: doc.senderUser,
    ...(doc.index !== undefined ? { index: doc.index } : {}),
  };
}
