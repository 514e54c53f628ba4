/**
 * Identity and devices (DESIGN §3).
 * - Recovery phrase: 12 BIP39 words; R = mnemonicToEntropy(words) (not the BIP39 PBKDF2 seed).
 * - Identity key: Ed25519 seed = HKDF-SHA256(R, info "entwine/v1/identity"). It signs device
 *   certificates and the device list; safety numbers cover its public key.
 * - Coarsening key: HKDF-SHA256(identity seed, info "entwine/v1/coarsening"), so every device and every
 *   restore of one person cuts the same keyed-offset grid (DESIGN §6).
 * - Device key: random Ed25519 (signing, relay sign-in) + random X25519 (receiving sealed epoch keys).
 * - userId / deviceId: the first 16 bytes of a domain-separated SHA-256 of the public key, so an id can
 *   always be checked against the key it names.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { z } from 'zod';
import { assertBytes, concatBytes, fromBase64url, toBase64url, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import { key32 } from '../schema/common.ts';
import { type DeviceCert, type DeviceList, deviceCertSchema, deviceListSchema } from '../schema/device.ts';
import type { Ed25519 } from './ed25519.ts';
import { openBlob, peekBlob, type SignedBlob, signBlob } from './signed-blob.ts';

export interface IdentityKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
  userId: string;
}

export interface DeviceKeys {
  deviceId: string;
  signSeed: Uint8Array;
  signPub: Uint8Array;
  dhPriv: Uint8Array;
  dhPub: Uint8Array;
}

const idOf = (label: string, key: Uint8Array) => toBase64url(sha256(concatBytes(utf8Encode(label), key)).slice(0, 16));
export const userIdOf = (identityPub: Uint8Array): string => idOf('entwine/v1/user-id', identityPub);
export const deviceIdOf = (signPub: Uint8Array): string => idOf('entwine/v1/device-id', signPub);

export function generateRecoveryPhrase(random: Random): string {
  return entropyToMnemonic(random.bytes(16), wordlist);
}

export function isValidRecoveryPhrase(phrase: string): boolean {
  return validateMnemonic(normalisePhrase(phrase), wordlist);
}

const normalisePhrase = (phrase: string) => phrase.trim().toLowerCase().split(/\s+/).join(' ');

export function identityFromPhrase(ed: Ed25519, phrase: string): IdentityKey {
  const words = normalisePhrase(phrase);
  if (!validateMnemonic(words, wordlist)) throw new TypeError('recovery phrase: expected 12 BIP39 English words with a valid checksum');
  const entropy = mnemonicToEntropy(words, wordlist);
  const seed = hkdf(sha256, entropy, undefined, utf8Encode('entwine/v1/identity'), 32);
  const publicKey = ed.getPublicKey(seed);
  return { seed, publicKey, userId: userIdOf(publicKey) };
}

/**
 * The key the shield grid's offsets come from (shield/grid.ts, `gridOffset`): HKDF-SHA256 (RFC 5869 §2)
 * with ikm = the 32-byte identity seed, no salt, info = "entwine/v1/coarsening", L = 32. It is derived, not
 * random, because a grid per install would hand partners a second, independent grid after a restore or a
 * reinstall, and two grids intersected locate a person far finer than either (research §3.4). The label is
 * its own, so the key says nothing of the identity key and the identity key nothing of it.
 */
export function coarseningKeyOf(identitySeed: Uint8Array): Uint8Array {
  assertBytes(identitySeed, 32, 'identitySeed');
  return hkdf(sha256, identitySeed, undefined, utf8Encode('entwine/v1/coarsening'), 32);
}

export function generateDeviceKeys(ed: Ed25519, random: Random): DeviceKeys {
  const signSeed = random.bytes(32);
  const signPub = ed.getPublicKey(signSeed);
  const dhPriv = random.bytes(32);
  const dhPub = x25519.getPublicKey(dhPriv);
  return { deviceId: deviceIdOf(signPub), signSeed, signPub, dhPriv, dhPub };
}

export function certifyDevice(ed: Ed25519, identity: IdentityKey, device: DeviceKeys, createdAt: number): Promise<SignedBlob> {
  const cert: DeviceCert = {
    v: 1,
    userId: identity.userId,
    deviceId: device.deviceId,
    signPub: toBase64url(device.signPub),
    dhPub: toBase64url(device.dhPub),
    createdAt,
  };
  return signBlob(ed, 'device-cert', cert, identity.seed);
}

export function signDeviceList(ed: Ed25519, identity: IdentityKey, version: number, certs: SignedBlob[]): Promise<SignedBlob> {
  const list: DeviceList = { v: 1, userId: identity.userId, identityPub: toBase64url(identity.publicKey), version, devices: certs };
  return signBlob(ed, 'device-list', list, identity.seed);
}

export interface VerifiedDevice {
  deviceId: string;
  signPub: Uint8Array;
  dhPub: Uint8Array;
}

export interface VerifiedDeviceList {
  userId: string;
  identityPub: Uint8Array;
  version: number;
  devices: VerifiedDevice[];
  blob: SignedBlob;
}

export const DEVICE_LIST_FAILURES = {
  badSignature: 'bad-signature',
  wrongIdentity: 'wrong-identity',
  rollback: 'rollback',
  badCertificate: 'bad-certificate',
} as const;
export type DeviceListFailure = (typeof DEVICE_LIST_FAILURES)[keyof typeof DEVICE_LIST_FAILURES];

/**
 * Verifies a device list against the identity key the caller pinned (or, at first contact, the key the
 * list names). Rejects: a bad signature, a different identity, a version ≤ `seenVersion` (rollback),
 * and any device whose certificate is not signed by that identity or whose id does not match its key.
 */
export async function verifyDeviceList(
  ed: Ed25519,
  blob: SignedBlob,
  pinned: { identityPub?: Uint8Array; seenVersion?: number } = {},
): Promise<{ ok: true; list: VerifiedDeviceList } | { ok: false; reason: DeviceListFailure }> {
  const claimed = peekBlob(blob, z.object({ identityPub: key32 }));
  if (!claimed && !pinned.identityPub) return { ok: false, reason: 'bad-signature' };
  const identityPub = pinned.identityPub ?? fromBase64url(claimed?.identityPub ?? '');
  const list = await openBlob(ed, 'device-list', blob, identityPub, deviceListSchema);
  if (!list) return { ok: false, reason: 'bad-signature' };
  if (list.identityPub !== toBase64url(identityPub) || list.userId !== userIdOf(identityPub))
    return { ok: false, reason: 'wrong-identity' };
  if (pinned.seenVersion !== undefined && list.version <= pinned.seenVersion) return { ok: false, reason: 'rollback' };
  const devices: VerifiedDevice[] = [];
  for (const certBlob of list.devices) {
    const cert = await openBlob(ed, 'device-cert', certBlob, identityPub, deviceCertSchema);
    if (!cert || cert.userId !== list.userId) return { ok: false, reason: 'bad-certificate' };
    const signPub = fromBase64url(cert.signPub);
    if (deviceIdOf(signPub) !== cert.deviceId) return { ok: false, reason: 'bad-certificate' };
    devices.push({ deviceId: cert.deviceId, signPub, dhPub: fromBase64url(cert.dhPub) });
  }
  return { ok: true, list: { userId: list.userId, identityPub, version: list.version, devices, blob } };
}
