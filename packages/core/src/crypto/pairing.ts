/**
 * Pairing with mutual consent (DESIGN §4; the commitment ordering of ZRTP and Matrix SAS).
 *
 * 1. Inviter A: secret s (32 B, travels only in the link's fragment), inviteId = SHA-256("entwine/v1/invite-id" ‖ s)[0..16],
 *    ephemeral X25519 eA, nonce nA, commit = SHA-256("entwine/v1/commit" ‖ eA.pub ‖ nA).
 *    inviteBlob = sealed InviteDoc (layout below), kInv = HKDF(s, "entwine/v1/invite-key").
 * 2. Invitee B: responseBlob = sealed signed ResponseDoc {identity, device list, eB.pub, SHA-256(inviteBlob)}.
 *    A can compute the SAS as soon as this verifies (she holds eA, nA and now eB), so she compares the
 *    numbers on the request, before her yes.
 * 3. A (after saying yes): revealBlob = sealed signed RevealDoc {eA.pub, nA, SHA-256(responseBlob)}; B checks the commitment.
 * 4. Both: dh = X25519(eA, eB); th = SHA-256(inviteBlob ‖ responseBlob ‖ eA.pub ‖ nA) — only values fixed
 *    before the inviter sees eB (eA and nA by the commitment), never the reveal's sealing randomness;
 *    BRK = HKDF(dh ‖ s, salt th, "entwine/v1/root"); bondId = HKDF(BRK, "entwine/v1/bond-id")[16];
 *    SAS = HKDF(dh, salt th, "entwine/v1/sas")[5] shown as three 4-digit numbers (Matrix "decimal").
 * A relay that substitutes a key either breaks a signature or the commitment, or yields different SAS
 * on the two screens. Nothing the SAS depends on can be re-chosen after both public keys are known — the
 * inviter's key is committed before the invitee's exists, and the reveal's own bytes (which carry a
 * fresh AEAD nonce) are deliberately left out of `th` — so a relay cannot grind for a matching SAS.
 *
 * Sealed blob layout (invite, response, reveal):
 *   offset 0   1 B   format version = 2 (version 1 had no version byte and no padding; it is refused)
 *          1  24 B   XChaCha20-Poly1305 nonce
 *         25   …     ciphertext of pad(JSON document, size) with aad = "entwine/v1/<purpose>" ‖ inviteId ‖ version
 * The padding (ISO/IEC 7816-4, as `padding.ts`) fills a size chosen from the device list's length only,
 * with room for the longest display name, so a blob's length never tells how long a name is.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { z } from 'zod';
import { concatBytes, equalBytes, fromBase64url, toBase64url, utf8Decode, utf8Encode } from '../bytes.ts';
import { signedBlobSchema } from '../crypto/signed-blob.ts';
import type { Random } from '../random.ts';
import {
  type InviteDoc,
  inviteDocSchema,
  type ResponseDoc,
  type RevealDoc,
  responseDocSchema,
  revealDocSchema,
} from '../schema/pairing.ts';
import type { Ed25519 } from './ed25519.ts';
import type { DeviceKeys, IdentityKey, VerifiedDeviceList } from './identity.ts';
import { verifyDeviceList } from './identity.ts';
import { openBlob, peekBlob, type SignedBlob, signBlob } from './signed-blob.ts';

export const INVITE_MAX_TTL_MS = 24 * 60 * 60 * 1000;

export const PAIRING_FAILURES = {
  damaged: 'damaged',
  badSignature: 'bad-signature',
  wrongInvite: 'wrong-invite',
  expired: 'expired',
  commitmentMismatch: 'commitment-mismatch',
} as const;
export type PairingFailure = (typeof PAIRING_FAILURES)[keyof typeof PAIRING_FAILURES];
export type PairingResult<T> = { ok: true; value: T } | { ok: false; reason: PairingFailure };

const label = (s: string) => utf8Encode(`entwine/v1/${s}`);
export const inviteIdOf = (secret: Uint8Array) => toBase64url(sha256(concatBytes(label('invite-id'), secret)).slice(0, 16));
const inviteKey = (secret: Uint8Array) => hkdf(sha256, secret, undefined, label('invite-key'), 32);
const commitOf = (ePub: Uint8Array, nonce: Uint8Array) => sha256(concatBytes(label('commit'), ePub, nonce));

export const PAIRING_BLOB_VERSION = 2;
/** The padded plaintext sizes a pairing document may take; which one depends only on the device list. */
export const PAIRING_PAD_SIZES = [4096, 8192, 16_384, 32_768] as const;
/**
 * Room kept for everything in a document but the device list: ids, keys, the commitment, JSON syntax and
 * a 64-character name even at its worst (every character a 6-byte JSON escape, then base64 inside a
 * signed blob: 64 × 6 × 4/3 = 512 B).
 */
const PAIRING_PAD_SLACK = 2048;

/**
 * The padded size for documents that carry `deviceList`: twice its JSON length (a device list inside a
 * signed blob is base64 again, 4/3) plus the slack. The name never enters this choice.
 */
export function pairingPadSize(deviceList: SignedBlob | undefined): number {
  const need = (deviceList ? 2 * utf8Encode(JSON.stringify(deviceList)).length : 0) + PAIRING_PAD_SLACK;
  const size = PAIRING_PAD_SIZES.find((s) => s >= need);
  if (size === undefined) throw new RangeError(`pairing padding: expected a device list of at most 15 KiB, got ${need} bytes`);
  return size;
}

function padTo(plaintext: Uint8Array, size: number): Uint8Array {
  if (plaintext.length + 1 > size) throw new RangeError(`pairing padding: expected at most ${size - 1} bytes, got ${plaintext.length}`);
  const out = new Uint8Array(size);
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

function unpadded(padded: Uint8Array): Uint8Array | undefined {
  if (!(PAIRING_PAD_SIZES as readonly number[]).includes(padded.length)) return undefined;
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  return end >= 0 && padded[end] === 0x80 ? padded.subarray(0, end) : undefined;
}

const sealAad = (purpose: string, inviteId: string) =>
  concatBytes(label(purpose), fromBase64url(inviteId), new Uint8Array([PAIRING_BLOB_VERSION]));

function sealFor(secret: Uint8Array, inviteId: string, purpose: string, random: Random, doc: unknown, size: number): Uint8Array {
  const nonce = random.bytes(24);
  const padded = padTo(utf8Encode(JSON.stringify(doc)), size);
  const ct = xchacha20poly1305(inviteKey(secret), nonce, sealAad(purpose, inviteId)).encrypt(padded);
  return concatBytes(new Uint8Array([PAIRING_BLOB_VERSION]), nonce, ct);
}

function openFor<T>(secret: Uint8Array, inviteId: string, purpose: string, sealed: Uint8Array, schema: z.ZodType<T>): T | undefined {
  if (sealed.length < 1 + 24 + 16 || sealed[0] !== PAIRING_BLOB_VERSION) return undefined; // another version: refused, never guessed
  try {
    const padded = xchacha20poly1305(inviteKey(secret), sealed.subarray(1, 25), sealAad(purpose, inviteId)).decrypt(sealed.subarray(25));
    const pt = unpadded(padded);
    if (!pt) return undefined;
    const parsed = schema.safeParse(JSON.parse(utf8Decode(pt)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface InviterSecrets {
  secret: Uint8Array;
  inviteId: string;
  ePriv: Uint8Array;
  nonce: Uint8Array;
  inviteBlob: Uint8Array;
  expiresAt: number;
}

export function createInvite(args: {
  random: Random;
  identity: IdentityKey;
  deviceList: SignedBlob;
  name: string;
  now: number;
  ttlMs: number;
}): InviterSecrets {
  const secret = args.random.bytes(32);
  const inviteId = inviteIdOf(secret);
  const ePriv = args.random.bytes(32);
  const nonce = args.random.bytes(16);
  const expiresAt = args.now + Math.min(args.ttlMs, INVITE_MAX_TTL_MS);
  const doc: InviteDoc = {
    v: 1,
    inviteId,
    name: args.name,
    identityPub: toBase64url(args.identity.publicKey),
    deviceList: args.deviceList,
    commit: toBase64url(commitOf(x25519.getPublicKey(ePriv), nonce)),
    expiresAt,
  };
  return {
    secret,
    inviteId,
    ePriv,
    nonce,
    expiresAt,
    inviteBlob: sealFor(secret, inviteId, 'invite', args.random, doc, pairingPadSize(args.deviceList)),
  };
}

/** The link carries the secret in the fragment, which browsers and HTTP clients never send to the server. */
export function inviteLink(origin: string, inviteId: string, secret: Uint8Array): string {
  return `${origin.replace(/\/+$/, '')}/i/${inviteId}#${toBase64url(secret)}`;
}

export function parseInviteLink(link: string): { origin: string; inviteId: string; secret: Uint8Array } | undefined {
  const m = /^(https?:\/\/[^/#?]+)(?:\/[^#?]*)?\/i\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link.trim());
  if (!m) return undefined;
  const secret = fromBase64url(m[3] as string);
  if (inviteIdOf(secret) !== m[2]) return undefined; // the id must be derived from this secret
  return { origin: m[1] as string, inviteId: m[2] as string, secret };
}

export interface OpenedInvite {
  doc: InviteDoc;
  inviter: VerifiedDeviceList;
}

export async function openInvite(
  ed: Ed25519,
  secret: Uint8Array,
  inviteBlob: Uint8Array,
  now: number,
): Promise<PairingResult<OpenedInvite>> {
  const inviteId = inviteIdOf(secret);
  const doc = openFor(secret, inviteId, 'invite', inviteBlob, inviteDocSchema);
  if (!doc) return { ok: false, reason: 'damaged' };
  if (doc.inviteId !== inviteId) return { ok: false, reason: 'wrong-invite' };
  if (doc.expiresAt <= now) return { ok: false, reason: 'expired' };
  const verified = await verifyDeviceList(ed, doc.deviceList, { identityPub: fromBase64url(doc.identityPub) });
  if (!verified.ok) return { ok: false, reason: 'bad-signature' };
  return { ok: true, value: { doc, inviter: verified.list } };
}

export interface InviteeSecrets {
  ePriv: Uint8Array;
  responseBlob: Uint8Array;
}

export async function respondToInvite(args: {
  ed: Ed25519;
  random: Random;
  secret: Uint8Array;
  inviteBlob: Uint8Array;
  identity: IdentityKey;
  device: DeviceKeys;
  deviceList: SignedBlob;
  name: string;
}): Promise<InviteeSecrets> {
  const inviteId = inviteIdOf(args.secret);
  const ePriv = args.random.bytes(32);
  const doc: ResponseDoc = {
    v: 1,
    inviteId,
    inviteHash: toBase64url(sha256(args.inviteBlob)),
    name: args.name,
    identityPub: toBase64url(args.identity.publicKey),
    deviceList: args.deviceList,
    deviceId: args.device.deviceId,
    ePub: toBase64url(x25519.getPublicKey(ePriv)),
  };
  const signed = await signBlob(args.ed, 'pair-response', doc, args.device.signSeed);
  return { ePriv, responseBlob: sealFor(args.secret, inviteId, 'response', args.random, signed, pairingPadSize(args.deviceList)) };
}

export interface OpenedResponse {
  doc: ResponseDoc;
  invitee: VerifiedDeviceList;
}

/** The inviter checks the response: sealed under the invite key, signed by a device of the identity it names. */
export async function openResponse(ed: Ed25519, inviter: InviterSecrets, responseBlob: Uint8Array): Promise<PairingResult<OpenedResponse>> {
  const signed = openFor(inviter.secret, inviter.inviteId, 'response', responseBlob, signedBlobSchema);
  if (!signed) return { ok: false, reason: 'damaged' };
  const claimed = peekBlob(signed, responseDocSchema);
  if (!claimed) return { ok: false, reason: 'damaged' };
  const verified = await verifyDeviceList(ed, claimed.deviceList, { identityPub: fromBase64url(claimed.identityPub) });
  if (!verified.ok) return { ok: false, reason: 'bad-signature' };
  const device = verified.list.devices.find((d) => d.deviceId === claimed.deviceId);
  if (!device) return { ok: false, reason: 'bad-signature' };
  const doc = await openBlob(ed, 'pair-response', signed, device.signPub, responseDocSchema);
  if (!doc) return { ok: false, reason: 'bad-signature' };
  if (doc.inviteId !== inviter.inviteId || !equalBytes(fromBase64url(doc.inviteHash), sha256(inviter.inviteBlob))) {
    return { ok: false, reason: 'wrong-invite' };
  }
  return { ok: true, value: { doc, invitee: verified.list } };
}

export async function createReveal(args: {
  ed: Ed25519;
  random: Random;
  inviter: InviterSecrets;
  device: DeviceKeys;
  responseBlob: Uint8Array;
}): Promise<Uint8Array> {
  const doc: RevealDoc = {
    v: 1,
    inviteId: args.inviter.inviteId,
    responseHash: toBase64url(sha256(args.responseBlob)),
    deviceId: args.device.deviceId,
    ePub: toBase64url(x25519.getPublicKey(args.inviter.ePriv)),
    nonce: toBase64url(args.inviter.nonce),
  };
  const signed = await signBlob(args.ed, 'pair-reveal', doc, args.device.signSeed);
  return sealFor(args.inviter.secret, args.inviter.inviteId, 'reveal', args.random, signed, pairingPadSize(undefined));
}

/** The invitee checks the reveal: signed by the inviter's device, bound to this response, matching the commitment. */
export async function openReveal(args: {
  ed: Ed25519;
  secret: Uint8Array;
  invite: OpenedInvite;
  responseBlob: Uint8Array;
  revealBlob: Uint8Array;
}): Promise<PairingResult<RevealDoc>> {
  const inviteId = inviteIdOf(args.secret);
  const signed = openFor(args.secret, inviteId, 'reveal', args.revealBlob, signedBlobSchema);
  if (!signed) return { ok: false, reason: 'damaged' };
  const claimed = peekBlob(signed, revealDocSchema);
  const device = claimed && args.invite.inviter.devices.find((d) => d.deviceId === claimed.deviceId);
  if (!device) return { ok: false, reason: 'bad-signature' };
  const doc = await openBlob(args.ed, 'pair-reveal', signed, device.signPub, revealDocSchema);
  if (!doc) return { ok: false, reason: 'bad-signature' };
  if (doc.inviteId !== inviteId || !equalBytes(fromBase64url(doc.responseHash), sha256(args.responseBlob))) {
    return { ok: false, reason: 'wrong-invite' };
  }
  const expected = fromBase64url(args.invite.doc.commit);
  if (!equalBytes(commitOf(fromBase64url(doc.ePub), fromBase64url(doc.nonce)), expected)) {
    return { ok: false, reason: 'commitment-mismatch' };
  }
  return { ok: true, value: doc };
}

export interface BondSecrets {
  bondId: string;
  rootKey: Uint8Array;
  /** Three 4-digit groups, e.g. "4821 1093 7730": read aloud on a call; equal on both screens ⇔ no key was swapped. */
  sas: string;
}

export function deriveBond(args: {
  myEphemeralPriv: Uint8Array;
  peerEphemeralPub: Uint8Array;
  secret: Uint8Array;
  inviteBlob: Uint8Array;
  responseBlob: Uint8Array;
  /** The inviter's ephemeral public key and commitment nonce, as revealed. */
  inviterEphemeralPub: Uint8Array;
  inviterNonce: Uint8Array;
}): BondSecrets {
  const dh = x25519.getSharedSecret(args.myEphemeralPriv, args.peerEphemeralPub);
  const th = sha256(concatBytes(args.inviteBlob, args.responseBlob, args.inviterEphemeralPub, args.inviterNonce));
  const rootKey = hkdf(sha256, concatBytes(dh, args.secret), th, label('root'), 32);
  const bondId = toBase64url(hkdf(sha256, rootKey, undefined, label('bond-id'), 16));
  return { bondId, rootKey, sas: sasDecimal(hkdf(sha256, dh, th, label('sas'), 5)) };
}

/** Matrix SAS "decimal": 40 bits → three 13-bit numbers, each + 1000 (so 1000–9191). */
export function sasDecimal(b: Uint8Array): string {
  const [b0, b1, b2, b3, b4] = b as unknown as [number, number, number, number, number];
  const n1 = ((b0 << 5) | (b1 >> 3)) + 1000;
  const n2 = (((b1 & 0x7) << 10) | (b2 << 2) | (b3 >> 6)) + 1000;
  const n3 = (((b3 & 0x3f) << 7) | (b4 >> 1)) + 1000;
  return `${n1} ${n2} ${n3}`;
}
