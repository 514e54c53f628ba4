// vaultIdOf against an independent SHA-256 (Python's hashlib, 2026-12-06:
//   hashlib.sha256(b'entwine/v1/vault-id' + bytes(range(32))).digest()[:16], base64url unpadded)
// and against the userId of the same key, which must differ (another label).
import { describe, expect, it } from 'vitest';
import { userIdOf } from '../crypto/identity.ts';
import { vaultIdOf } from './vault-id.ts';

const PUB = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('vaultIdOf', () => {
  it('is the first 16 bytes of SHA-256("entwine/v1/vault-id" ‖ identityPub)', () => {
    expect(vaultIdOf(PUB)).toBe('5q9lT04r8EZg-eLPwDCx5A');
  });
  it('differs from the userId of the same identity key, and between keys', () => {
    expect(userIdOf(PUB)).toBe('pz162q2GBQOgmU7HWhhOww');
    expect(vaultIdOf(PUB)).not.toBe(userIdOf(PUB));
    const other = PUB.slice();
    other[31] = (other[31] ?? 0) ^ 1;
    expect(vaultIdOf(other)).not.toBe(vaultIdOf(PUB));
  });
  it('refuses a key of another length', () => {
    expect(() => vaultIdOf(new Uint8Array(31))).toThrow('identityPub: expected 32 bytes, got 31');
  });
});
