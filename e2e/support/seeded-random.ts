/** A reproducible Random for tests (xorshift128+); never for real keys. The seed is printed on failure by the caller. */
import type { Random } from '@entwine/core';

export function seededRandom(seed: number): Random & { float(): number } {
  let s0 = BigInt(seed >>> 0) | 1n;
  let s1 = BigInt((seed * 2_654_435_761) >>> 0) | 2n;
  const mask = (1n << 64n) - 1n;
  const next = (): bigint => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & mask;
  };
  return {
    bytes(length: number) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = Number(next() & 0xffn);
      return out;
    },
    float() {
      return Number(next() >> 11n) / 2 ** 53;
    },
  };
}
