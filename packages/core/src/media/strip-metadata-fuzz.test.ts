/**
 * Damaged input never yields a partially stripped image. Cutting a fixture at every length short of whole
 * throws a RangeError each time (no format here is complete before its last byte). Seeded byte flips, and
 * random bytes behind each magic, either throw a RangeError — never another error type — or return bytes
 * in which no GPS canary survives. Seeds come from test/check-property.ts; FC_SEED=<n> replays a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { leakedCanaries } from '../../test/fixtures/media/canary.ts';
import { FIXTURES, fixture } from '../../test/fixtures/media/read-metadata.ts';
import { stripMetadata } from './strip-metadata.ts';

/** `undefined` if it threw a RangeError; the stripped bytes if it succeeded; rethrows anything else. */
function tryStrip(bytes: Uint8Array): Uint8Array | undefined {
  try {
    return stripMetadata(bytes).bytes;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

describe('truncated input', () => {
  for (const name of Object.values(FIXTURES)) {
    it(`${name}: every cut from 0 to length − 1 throws a RangeError`, () => {
      const whole = fixture(name);
      const returned: number[] = [];
      for (let cut = 0; cut < whole.length; cut++) {
        if (tryStrip(whole.slice(0, cut)) !== undefined) returned.push(cut);
      }
      expect(returned).toEqual([]);
      expect(tryStrip(whole)).toBeDefined();
    });
  }
});

describe('garbled input', () => {
  for (const name of Object.values(FIXTURES)) {
    it(`${name}: 1–4 flipped bytes give a RangeError or output without any canary`, async () => {
      const whole = fixture(name);
      const flip = fc.record({ at: fc.nat({ max: whole.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) });
      await checkProperty(
        fc.property(fc.array(flip, { minLength: 1, maxLength: 4 }), (flips) => {
          const garbled = whole.slice();
          for (const { at, xor } of flips) garbled[at]! ^= xor;
          const out = tryStrip(garbled);
          if (out !== undefined) expect(leakedCanaries(out)).toEqual([]);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('random bytes behind each magic throw a RangeError or strip; no other error escapes', async () => {
    const magics = [
      Uint8Array.of(0xff, 0xd8, 0xff),
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      Uint8Array.of(0x52, 0x49, 0x46, 0x46),
    ];
    await checkProperty(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 300 }), (magic, tail) => {
        const bytes = new Uint8Array(magic.length + tail.length);
        bytes.set(magic);
        bytes.set(tail, magic.length);
        tryStrip(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
