/**
 * Safety numbers are Signal's numeric fingerprint: they reproduce libsignal's published vector
 * (test/vectors/libsignal-fingerprint.json), read the same from either side, are 60 digits in 12
 * groups of 5, and change when either party's key or stable id changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import vector from '../../test/vectors/libsignal-fingerprint.json' with { type: 'json' };
import { fromHex, utf8Encode } from '../bytes.ts';
import { fingerprintDigits, SAFETY_NUMBER_ITERATIONS, safetyNumber } from './safety-number.ts';

const alice = { key: fromHex(vector.alice.identityKey), stableId: utf8Encode(vector.alice.stableId) };
const bob = { key: fromHex(vector.bob.identityKey), stableId: utf8Encode(vector.bob.stableId) };
const SHAPE = /^\d{5}( \d{5}){11}$/;

// Property runs use few iterations: symmetry and sensitivity do not depend on the count, and 5200
// SHA-512 rounds per party per run would only make the suite slow.
const FAST = 3;
const party = fc.record({ key: fc.uint8Array({ minLength: 32, maxLength: 33 }), stableId: fc.uint8Array({ minLength: 1, maxLength: 24 }) });

describe('safety numbers: libsignal known answer (NumericFingerprintGeneratorTest / fingerprint.rs)', () => {
  it('uses libsignal’s 5200 iterations', () => {
    expect(SAFETY_NUMBER_ITERATIONS).toBe(vector.iterations);
  });

  it('reproduces the displayable fingerprint from Alice’s and from Bob’s side', () => {
    const expected = vector.displayableFingerprint.match(/.{5}/g)!.join(' ');
    expect(safetyNumber(alice, bob)).toBe(expected);
    expect(safetyNumber(bob, alice)).toBe(expected);
  });

  it('each party’s 30 digits are the halves of the published 60, in sorted order', () => {
    const halves = [fingerprintDigits(alice.key, alice.stableId), fingerprintDigits(bob.key, bob.stableId)].sort();
    expect(halves.join('')).toBe(vector.displayableFingerprint);
  });
});

describe('safety numbers', () => {
  it('are the same string whichever side computes them (seeded property)', async () => {
    await checkProperty(
      fc.property(party, party, (a, b) => {
        expect(safetyNumber(a, b, FAST)).toBe(safetyNumber(b, a, FAST));
      }),
      { numRuns: 300 },
    );
  });

  it('are 60 digits in 12 groups of 5 (seeded property)', async () => {
    await checkProperty(
      fc.property(party, party, (a, b) => {
        const n = safetyNumber(a, b, FAST);
        expect(n).toMatch(SHAPE);
        expect(n.replaceAll(' ', '')).toHaveLength(60);
      }),
      { numRuns: 300 },
    );
    expect(safetyNumber(alice, bob)).toMatch(SHAPE);
  });

  it('change when one bit of either identity key changes (seeded property)', async () => {
    await checkProperty(
      fc.property(party, party, fc.nat(), fc.boolean(), (a, b, n, flipA) => {
        const target = flipA ? a : b;
        const key = target.key.slice();
        const bit = n % (key.length * 8);
        key[bit >> 3] = (key[bit >> 3] as number) ^ (1 << (bit & 7));
        const changed = flipA ? safetyNumber({ ...a, key }, b, FAST) : safetyNumber(a, { ...b, key }, FAST);
        expect(changed).not.toBe(safetyNumber(a, b, FAST));
      }),
      { numRuns: 300 },
    );
  });

  it('change when a key changes at the real iteration count, and when a stable id changes', () => {
    const before = safetyNumber(alice, bob);
    const mitmKey = bob.key.slice();
    mitmKey[32] = (mitmKey[32] as number) ^ 1;
    expect(safetyNumber(alice, { ...bob, key: mitmKey })).not.toBe(before);
    expect(safetyNumber(alice, { ...bob, stableId: utf8Encode('+14153333334') })).not.toBe(before);
  });

  it('depend on the iteration count', () => {
    expect(fingerprintDigits(alice.key, alice.stableId, 1024)).not.toBe(fingerprintDigits(alice.key, alice.stableId));
  });
});
