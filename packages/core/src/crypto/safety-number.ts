/**
 * Safety numbers: Signal's numeric fingerprint (libsignal `rust/protocol/src/fingerprint.rs`, version 0).
 *   h = SHA-512(0x0000 ‖ key ‖ stableId ‖ key); then h = SHA-512(h ‖ key), for 5200 iterations in all;
 *   the first 30 bytes as six 5-byte big-endian numbers, each mod 100 000 → 30 digits per party;
 *   both parties' 30 digits in sorted order → the same 60 digits on both screens.
 * Here key = the identity public key and stableId = the userId bytes. A change of either identity
 * key changes the number, which is what a user compares once and the UI warns about afterwards.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../bytes.ts';

export const SAFETY_NUMBER_ITERATIONS = 5200;

export function fingerprintDigits(key: Uint8Array, stableId: Uint8Array, iterations = SAFETY_NUMBER_ITERATIONS): string {
  let h = sha512(concatBytes(new Uint8Array([0, 0]), key, stableId, key));
  for (let i = 1; i < iterations; i++) h = sha512(concatBytes(h, key));
  let out = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let n = 0;
    for (let i = 0; i < 5; i++) n = n * 256 + (h[chunk * 5 + i] as number);
    out += String(n % 100_000).padStart(5, '0');
  }
  return out;
}

/** 60 digits, formatted as 12 groups of 5 — identical on both sides whoever computes it. */
export function safetyNumber(
  a: { key: Uint8Array; stableId: Uint8Array },
  b: { key: Uint8Array; stableId: Uint8Array },
  iterations = SAFETY_NUMBER_ITERATIONS,
): string {
  const da = fingerprintDigits(a.key, a.stableId, iterations);
  const db = fingerprintDigits(b.key, b.stableId, iterations);
  const joined = da < db ? da + db : db + da;
  return (joined.match(/.{5}/g) as string[]).join(' ');
}
