/**
 * Byte helpers shared by every codec. Errors follow one shape — "label: expected X, got Y" —
 * so a failing check names the field and the mismatch without the caller adding context.
 */
import { base64urlnopad, hex, utf8 } from '@scure/base';

export function assertBytes(value: unknown, length: number | undefined, label: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${label}: expected Uint8Array, got ${value === null ? 'null' : typeof value}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${label}: expected ${length} bytes, got ${value.length}`);
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-time comparison: the time taken does not depend on where the first difference is. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export const toBase64url = (b: Uint8Array): string => base64urlnopad.encode(b);
export function fromBase64url(s: string, label = 'base64url'): Uint8Array {
  try {
    return base64urlnopad.decode(s);
  } catch {
    throw new TypeError(`${label}: expected unpadded base64url, got ${JSON.stringify(s.slice(0, 16))}`);
  }
}
export const toHex = (b: Uint8Array): string => hex.encode(b);
export const fromHex = (s: string): Uint8Array => hex.decode(s);
export const utf8Encode = (s: string): Uint8Array => utf8.decode(s);
export const utf8Decode = (b: Uint8Array): string => utf8.encode(b);

export function u64be(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new RangeError(`u64: expected 0..2^64-1, got ${value}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}
