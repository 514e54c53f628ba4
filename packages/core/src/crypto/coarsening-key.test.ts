// The coarsening key comes from the identity seed (RFC 5869 HKDF-SHA256, its own label), so one phrase gives
// one grid on every device and after every restore. Checked against node:crypto's HKDF as an independent
// implementation, and against the phrase → identity derivation it sits next to.
import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../bytes.ts';
import { gridOffset } from '../shield/grid.ts';
import { nobleEd25519 } from './ed25519.ts';
import { coarseningKeyOf, identityFromPhrase } from './identity.ts';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

describe('coarseningKeyOf', () => {
  it('is HKDF-SHA256(identity seed, no salt, "entwine/v1/coarsening", 32)', () => {
    const { seed } = identityFromPhrase(nobleEd25519, PHRASE);
    const oracle = new Uint8Array(hkdfSync('sha256', seed, new Uint8Array(0), 'entwine/v1/coarsening', 32));
    expect(coarseningKeyOf(seed)).toEqual(oracle);
  });

  it('is the same for the same phrase, and neither the seed nor another label', () => {
    const a = identityFromPhrase(nobleEd25519, PHRASE);
    const b = identityFromPhrase(nobleEd25519, `  ${PHRASE.toUpperCase()} `);
    expect(coarseningKeyOf(a.seed)).toEqual(coarseningKeyOf(b.seed));
    expect(coarseningKeyOf(a.seed)).not.toEqual(a.seed);
    const other = new Uint8Array(hkdfSync('sha256', a.seed, new Uint8Array(0), 'entwine/v1/identity', 32));
    expect(coarseningKeyOf(a.seed)).not.toEqual(other);
    expect(gridOffset(coarseningKeyOf(a.seed), 'city')).toEqual(gridOffset(coarseningKeyOf(b.seed), 'city'));
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => coarseningKeyOf(fromBase64url('AAAA'))).toThrow(new RangeError('identitySeed: expected 32 bytes, got 3'));
  });
});
