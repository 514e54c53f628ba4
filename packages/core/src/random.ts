/**
 * Randomness is injected so tests can make runs reproducible; production passes the platform CSPRNG
 * (`crypto.getRandomValues`), which is what noble's `randomBytes` uses as well.
 */
export interface Random {
  bytes(length: number): Uint8Array;
}

interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/** The platform CSPRNG: WebCrypto's getRandomValues exists in browsers and in Node ≥ 20 alike. */
export function systemRandom(): Random {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (!c) throw new TypeError('systemRandom: expected globalThis.crypto, got undefined');
  return {
    bytes(length: number): Uint8Array {
      const out = new Uint8Array(length);
      // getRandomValues fills at most 65 536 bytes per call.
      for (let i = 0; i < length; i += 65_536) c.getRandomValues(out.subarray(i, Math.min(length, i + 65_536)));
      return out;
    },
  };
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
