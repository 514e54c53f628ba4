import { describe, expect, it } from 'vitest';
import { FACETS, isLowering } from './levels.ts';
import { levelAt, nextExpiry, settleExpired, shieldPolicy, withShield } from './policy.ts';

const HOUR = 3_600_000;

describe('shield policy', () => {
  it('starts at what was chosen, everything else hidden', () => {
    const p = shieldPolicy({ location: 'city', presence: 'exact' });
    expect(levelAt(p, 'location', 0)).toBe('city');
    expect(levelAt(p, 'presence', 0)).toBe('exact');
    for (const f of FACETS.filter((f) => f !== 'location' && f !== 'presence')) expect(levelAt(p, f, 0)).toBe('hidden');
    expect(FACETS.every((f) => levelAt(shieldPolicy(), f, 0) === 'hidden')).toBe(true);
  });

  it('refuses a level the facet does not have', () => {
    expect(() => shieldPolicy({ thoughts: 'city' })).toThrow('shield thoughts: expected one of exact | hidden, got city');
    expect(() => withShield(shieldPolicy(), 'presence', 'street', { now: 0 })).toThrow(RangeError);
  });

  it('reverts a timed shield to the standing level at its end, and only then', () => {
    const standing = shieldPolicy({ location: 'exact' });
    const timed = withShield(standing, 'location', 'city', { now: 1000, forMs: 2 * HOUR });
    expect(timed.location).toEqual({ level: 'city', until: 1000 + 2 * HOUR, revertTo: 'exact' });
    expect(levelAt(timed, 'location', 1000 + 2 * HOUR - 1)).toBe('city');
    expect(levelAt(timed, 'location', 1000 + 2 * HOUR)).toBe('exact');
    expect(nextExpiry(timed)).toBe(1000 + 2 * HOUR);
    const { policy, reverted } = settleExpired(timed, 1000 + 2 * HOUR);
    expect(reverted).toEqual(['location']);
    expect(policy.location).toEqual({ level: 'exact' });
    expect(settleExpired(timed, 1000).reverted).toEqual([]);
  });

  it('a timed shield on top of another reverts to the standing level, and an untimed one clears the timer', () => {
    const base = withShield(shieldPolicy({ location: 'exact' }), 'location', 'city', { now: 0, forMs: 2 * HOUR });
    const onTop = withShield(base, 'location', 'hidden', { now: HOUR, forMs: HOUR / 2 });
    expect(onTop.location).toEqual({ level: 'hidden', until: HOUR + HOUR / 2, revertTo: 'exact' });
    expect(withShield(onTop, 'location', 'street', { now: HOUR }).location).toEqual({ level: 'street' });
    expect(() => withShield(base, 'location', 'city', { now: 0, forMs: 0 })).toThrow('forMs: expected a positive duration, got 0');
  });

  it('ranks levels so that lowering means revealing less', () => {
    expect(isLowering('exact', 'city')).toBe(true);
    expect(isLowering('city', 'frozen')).toBe(true);
    expect(isLowering('frozen', 'hidden')).toBe(true);
    expect(isLowering('city', 'street')).toBe(false);
    expect(isLowering('hidden', 'exact')).toBe(false);
  });
});
