/**
 * Bounds-checked readers shared by the three strippers. Every read names its format and offset, so a
 * truncated or lying length field becomes "jpeg: truncated segment at offset 4242" — a RangeError, never
 * an `undefined` that a later step would treat as zero.
 */

export type Stripped = { bytes: Uint8Array; removed: string[] };

/** Throws unless `length` bytes starting at `offset` lie inside `bytes`. */
export function need(bytes: Uint8Array, offset: number, length: number, label: string, what: string): void {
  if (offset < 0 || length < 0 || offset + length > bytes.length) {
    throw new RangeError(`${label}: truncated ${what} at offset ${offset}`);
  }
}

export const u8 = (b: Uint8Array, at: number): number => b[at] as number;
export const u16be = (b: Uint8Array, at: number): number => (u8(b, at) << 8) | u8(b, at + 1);
export const u32be = (b: Uint8Array, at: number): number => ((u8(b, at) << 24) | (u8(b, at + 1) << 16) | (u16be(b, at + 2) << 0)) >>> 0;
export const u16le = (b: Uint8Array, at: number): number => u8(b, at) | (u8(b, at + 1) << 8);
export const u32le = (b: Uint8Array, at: number): number => (u16le(b, at) | (u16le(b, at + 2) << 16)) >>> 0;

export function writeU32be(b: Uint8Array, at: number, value: number): void {
  b[at] = value >>> 24;
  b[at + 1] = (value >>> 16) & 0xff;
  b[at + 2] = (value >>> 8) & 0xff;
  b[at + 3] = value & 0xff;
}

export function writeU32le(b: Uint8Array, at: number, value: number): void {
  b[at] = value & 0xff;
  b[at + 1] = (value >>> 8) & 0xff;
  b[at + 2] = (value >>> 16) & 0xff;
  b[at + 3] = value >>> 24;
}

/** Latin-1 view of a byte range, for comparing identifiers and four-character codes. */
export function latin1(b: Uint8Array, start: number, length: number): string {
  let s = '';
  const end = Math.min(b.length, start + length);
  for (let i = start; i < end; i++) s += String.fromCharCode(u8(b, i));
  return s;
}

export const startsWith = (b: Uint8Array, at: number, text: string): boolean =>
  at + text.length <= b.length && latin1(b, at, text.length) === text;

/**
 * An identifier taken from the image for the `removed` list, which a person reads: only printable ASCII,
 * cut at the first NUL and at 40 characters, so hostile bytes cannot smuggle control characters into the UI.
 */
export function printable(b: Uint8Array, start: number, maxLength = 40): string {
  let s = '';
  for (let i = start; i < b.length && s.length < maxLength; i++) {
    const c = u8(b, i);
    if (c < 0x20 || c > 0x7e) break;
    s += String.fromCharCode(c);
  }
  return s.trim();
}

export const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Adds `label` once; the list is for a person, and "APP1 XMP extension" ×9 says nothing ×1 does not. */
export function noteRemoved(removed: string[], label: string): void {
  if (!removed.includes(label)) removed.push(label);
}
