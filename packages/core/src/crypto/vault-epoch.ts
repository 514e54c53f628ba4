/**
 * Vault epochs (decision 0014 §3). A person's vault — their own exact history — is sealed under a random
 * 32-byte key per epoch (8-byte epochId). The key reaches:
 * - each device on the person's own device list, HPKE-sealed to its X25519 key, and
 * - the vault recovery key: X25519 with the private key HKDF-SHA256(identity seed, no salt,
 *   info "entwine/v1/vault-recovery", 32 bytes) — so a restore from the recovery phrase opens every
 *   vault epoch, and no device has to survive for the history to.
 * Every box uses info = "entwine/v1/vault-epoch" ‖ vaultId ‖ epochId (raw bytes), so a sealed key cannot
 * be replayed into another vault or epoch. The whole document is signed by the device that sealed it
 * (context `vault-epoch`); opening checks that signature against the key the caller pinned for that
 * device, and that the document is of the vault the caller asked for, before any box is opened.
 * Never anyone else's devices: a partner gets bond chunks, never a vault key.
 */

import type { CipherSuite } from '@hpke/core';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, concatBytes, fromBase64url, toBase64url, utf8Encode } from '../bytes.ts';
import type { Random } from '../random.ts';
import { type VaultEpochDoc, vaultEpochSchema } from '../schema/vault-epoch.ts';
import type { Ed25519 } from './ed25519.ts';
import { hpkeOpen, hpkeSeal } from './hpke.ts';
import type { DeviceKeys } from './identity.ts';
import { openBlob, peekBlob, type SignedBlob, signBlob } from './signed-blob.ts';

export interface VaultEpoch {
  vaultId: string;
  epochId: string;
  key: Uint8Array;
}

export interface OpenedVaultEpoch extends VaultEpoch {
  senderDevice: string;
  createdAt: number;
}

/** The X25519 key pair a vault epoch is also sealed to, derived from the identity seed. */
export interface VaultRecoveryKey {
  priv: Uint8Array;
  pub: Uint8Array;
}

export function newVaultEpoch(random: Random, vaultId: string): VaultEpoch {
  assertBytes(fromBase64url(vaultId, 'vaultId'), 16, 'vaultId');
  return { vaultId, epochId: toBase64url(random.bytes(8)), key: random.bytes(32) };
}

/**
 * HKDF-SHA256 (RFC 5869) with ikm = the identity seed, no salt, info = "entwine/v1/vault-recovery", L = 32,
 * used as an X25519 private key (RFC 7748 §5 clamps it). Its own label, so it says nothing of the identity
 * key or the coarsening key, and they nothing of it.
 */
export function vaultRecoveryKeyOf(identitySeed: Uint8Array): VaultRecoveryKey {
  assertBytes(identitySeed, 32, 'identitySeed');
  const priv = hkdf(sha256, identitySeed, undefined, utf8Encode('entwine/v1/vault-recovery'), 32);
  return { priv, pub: x25519.getPublicKey(priv) };
}

const vaultEpochInfo = (vaultId: string, epochId: string) =>
  concatBytes(utf8Encode('entwine/v1/vault-epoch'), fromBase64url(vaultId, 'vaultId'), fromBase64url(epochId, 'epochId'));

/** Seals `epoch` to each of `devices` (the person's whole list, the sealer included) and to `recoveryPub`. */
export async function sealVaultEpoch(args: {
  ed: Ed25519;
  suite: CipherSuite;
  epoch: VaultEpoch;
  sender: DeviceKeys;
  devices: readonly { deviceId: string; dhPub: Uint8Array }[];
  recoveryPub: Uint8Array;
  createdAt: number;
}): Promise<SignedBlob> {
  const { epoch, suite } = args;
  assertBytes(epoch.key, 32, 'vault epoch key');
  const info = vaultEpochInfo(epoch.vaultId, epoch.epochId);
  const sealed: VaultEpochDoc['sealed'] = [];
  for (const d of args.devices) {
    const b = await hpkeSeal(suite, d.dhPub, info, epoch.key);
    sealed.push({ device: d.deviceId, enc: toBase64url(b.enc), ct: toBase64url(b.ct) });
  }
  const r = await hpkeSeal(suite, args.recoveryPub, info, epoch.key);
  const doc: VaultEpochDoc = {
    v: 1,
    vaultId: epoch.vaultId,
    epochId: epoch.epochId,
    senderDevice: args.sender.deviceId,
    createdAt: args.createdAt,
    sealed,
    recovery: { enc: toBase64url(r.enc), ct: toBase64url(r.ct) },
  };
  return signBlob(args.ed, 'vault-epoch', doc, args.sender.signSeed);
}

/** Who signed a vault epoch and which it is, unverified: only to find the signer's key. */
export function peekVaultEpoch(blob: SignedBlob): { vaultId: string; epochId: string; senderDevice: string } | undefined {
  const doc = peekBlob(blob, vaultEpochSchema);
  return doc && { vaultId: doc.vaultId, epochId: doc.epochId, senderDevice: doc.senderDevice };
}

interface OpenArgs {
  ed: Ed25519;
  suite: CipherSuite;
  blob: SignedBlob;
  /** The vault the caller reads: a document of another vault is refused. */
  vaultId: string;
  /** The signing key of the device the document names, from the person's verified device list. */
  senderSignPub: Uint8Array;
}

/** Opens the box for device `me`; `undefined` when the signature, the vault, the box or the key length fails. */
export function openVaultEpoch(args: OpenArgs & { me: DeviceKeys }): Promise<OpenedVaultEpoch | undefined> {
  return open(args, (doc) => doc.sealed.find((s) => s.device === args.me.deviceId), args.me.dhPriv);
}

/** Opens the recovery box with the identity seed (a restore from the phrase); `undefined` as above. */
export function openVaultEpochWithSeed(args: OpenArgs & { identitySeed: Uint8Array }): Promise<OpenedVaultEpoch | undefined> {
  return open(args, (doc) => doc.recovery, vaultRecoveryKeyOf(args.identitySeed).priv);
}

async function open(
  args: OpenArgs,
  pick: (doc: VaultEpochDoc) => { enc: string; ct: string } | undefined,
  priv: Uint8Array,
): Promise<OpenedVaultEpoch | undefined> {
  const doc = await openBlob(args.ed, 'vault-epoch', args.blob, args.senderSignPub, vaultEpochSchema);
  if (!doc || doc.vaultId !== args.vaultId) return undefined;
  const mine = pick(doc);
  if (!mine) return undefined;
  let box: { enc: Uint8Array; ct: Uint8Array };
  try {
    box = { enc: fromBase64url(mine.enc), ct: fromBase64url(mine.ct) };
  } catch {
    return undefined;
  }
  const key = await hpkeOpen(args.suite, priv, vaultEpochInfo(doc.vaultId, doc.epochId), box);
  if (key?.length !== 32) return undefined;
  return { vaultId: doc.vaultId, epochId: doc.epochId, key, senderDevice: doc.senderDevice, createdAt: doc.createdAt };
}
