/**
 * Seeded randomness for the shield simulations: the same seed gives the same run on every machine, so a
 * failure is replayed by its seed, which every test puts in its failure messages. Not for anything secret.
 */

export interface Seeded {
  readonly seed: number;
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** Normal with mean 0 and standard deviation `sigma` (Box–Muller). */
  gaussian(sigma: number): number;
  bytes(length: number): Uint8Array;
}

/** mulberry32: 32 bits of state, plenty for simulations, and small enough to read. */
export function seeded(seed: number): Seeded {
  if (!Number.isInteger(seed)) throw new TypeError(`seed: expected an integer, got ${seed}`);
  let s = seed >>> 0;
  const next32 = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => next32() / 2 ** 32;
  return {
    seed,
    uniform,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    gaussian(sigma) {
      // 1 − u is in (0, 1], so the logarithm is finite.
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      return sigma * r * Math.cos(2 * Math.PI * uniform());
    },
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = next32() & 0xff;
      return out;
    },
  };
}
