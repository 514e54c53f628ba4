/**
 * CRC-32 as PNG uses it (PNG 3rd ed. §5.5, ISO 3309 / ITU-T V.42): reflected polynomial 0xEDB88320,
 * register preset to all ones and complemented at the end. Table-driven, one byte per step; fast enough
 * for a phone photo and small enough to audit. Check value: crc32("123456789") = 0xCBF43926.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes[start, end)`, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
