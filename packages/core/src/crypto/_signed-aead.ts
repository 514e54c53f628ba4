/**
 * The construction under both the envelope (`envelope.ts`) and the day chunk (`trail/chunk.ts`):
 *
 *   header ‖ nonce (24) ‖ ct = XChaCha20-Poly1305(key, nonce, aad = header, padded) ‖ sig (64)
 *   sig = Ed25519(sender signing key, header ‖ nonce ‖ ct)
 *
 * Each container draws its own header (version byte first, so one can never pass as the other) and
 * pads its own way; this file only seals and opens. Opening checks the signature first and then the
 * AEAD, and returns the padded plaintext only when both hold — never a partial result.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { assertBytes, concatBytes } from '../bytes.ts';
import type { Random } from '../random.ts';
import type { Ed25519 } from './ed25519.ts';

export const NONCE_LENGTH = 24;
export const TAG_LENGTH = 16;
export const SIG_LENGTH = 64;

export async function sealSignedAead(args: {
  ed: Ed25519;
  random: Random;
  header: Uint8Array;
  key: Uint8Array;
  signSeed: Uint8Array;
  padded: Uint8Array;
}): Promise<Uint8Array> {
  assertBytes(args.key, 32, 'epochKey');
  // XChaCha20's 192-bit nonce makes a random nonce safe for any number of messages under one key.
  const nonce = args.random.bytes(NONCE_LENGTH);
  const ct = xchacha20poly1305(args.key, nonce, args.header).encrypt(args.padded);
  const signed = concatBytes(args.header, nonce, ct);
  return concatBytes(signed, await args.ed.sign(signed, args.signSeed));
}

/**
 * The padded plaintext of `bytes`, whose first `headerLength` bytes are its header; `undefined` when it is
 * too short to hold the fixed parts, the signature does not verify, or the AEAD does not open.
 */
export async function openSignedAead(
  ed: Ed25519,
  bytes: Uint8Array,
  headerLength: number,
  key: Uint8Array,
  signPub: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (bytes.length < headerLength + NONCE_LENGTH + TAG_LENGTH + SIG_LENGTH) return undefined;
  const sigStart = bytes.length - SIG_LENGTH;
  if (!(await ed.verify(bytes.subarray(sigStart), bytes.subarray(0, sigStart), signPub))) return undefined;
  const nonce = bytes.subarray(headerLength, headerLength + NONCE_LENGTH);
  try {
    return xchacha20poly1305(key, nonce, bytes.subarray(0, headerLength)).decrypt(bytes.subarray(headerLength + NONCE_LENGTH, sigStart));
  } catch {
    return undefined;
  }
}
