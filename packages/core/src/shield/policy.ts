/**
 * A shield policy: for one partner, the level of every facet, each with an optional end time after which
 * it reverts by itself to the level it had before. It lives only on the sharer's own devices: nothing a
 * partner or the relay sends can change it. Functions here are pure; the caller stores the result.
 */
import { allowsLevel, FACET_LEVELS, FACETS, type Facet, type ShieldLevel } from './levels.ts';

export interface FacetShield {
  level: ShieldLevel;
  /** Milliseconds since the epoch when this level ends; absent: until lifted. */
  until?: number;
  /** The level it reverts to at `until`. */
  revertTo?: ShieldLevel;
}

export type ShieldPolicy = Record<Facet, FacetShield>;

/** What a person chooses when bonding, or any partial change: facets left out are hidden. */
export type ShieldChoice = Partial<Record<Facet, ShieldLevel>>;

/** A full policy from a choice; every facet not chosen is hidden (the default is to share nothing). */
export function shieldPolicy(choice: ShieldChoice = {}): ShieldPolicy {
  const policy = {} as ShieldPolicy;
  for (const facet of FACETS) {
    const level = choice[facet] ?? 'hidden';
    assertAllowed(facet, level);
    policy[facet] = { level };
  }
  return policy;
}

/** The level in force at `now` (a timed shield past its end has reverted). */
export function levelAt(policy: ShieldPolicy, facet: Facet, now: number): ShieldLevel {
  const shield = policy[facet] ?? { level: 'hidden' };
  if (shield.until !== undefined && now >= shield.until) return shield.revertTo ?? 'hidden';
  return shield.level;
}

/** Every facet's level in force at `now`. */
export function levelsAt(policy: ShieldPolicy, now: number): Record<Facet, ShieldLevel> {
  const out = {} as Record<Facet, ShieldLevel>;
  for (const facet of FACETS) out[facet] = levelAt(policy, facet, now);
  return out;
}

/**
 * Sets one facet. With `forMs`, the level holds for that long and then reverts to the facet's standing
 * level (a timed shield set on top of another timed one reverts to the standing level, not to the other).
 */
export function withShield(policy: ShieldPolicy, facet: Facet, level: ShieldLevel, opts: { now: number; forMs?: number }): ShieldPolicy {
  assertAllowed(facet, level);
  const current = policy[facet] ?? { level: 'hidden' };
  const standing = current.until !== undefined ? (current.revertTo ?? 'hidden') : current.level;
  let next: FacetShield;
  if (opts.forMs === undefined) next = { level };
  else {
    if (!(opts.forMs > 0) || !Number.isFinite(opts.forMs)) throw new RangeError(`forMs: expected a positive duration, got ${opts.forMs}`);
    next = { level, until: opts.now + opts.forMs, revertTo: standing };
  }
  return { ...policy, [facet]: next };
}

/** Folds every expired timed shield into its standing level; reports the facets that reverted. */
export function settleExpired(policy: ShieldPolicy, now: number): { policy: ShieldPolicy; reverted: Facet[] } {
  const reverted: Facet[] = [];
  const next = { ...policy };
  for (const facet of FACETS) {
    const shield = policy[facet];
    if (shield?.until !== undefined && now >= shield.until) {
      next[facet] = { level: shield.revertTo ?? 'hidden' };
      reverted.push(facet);
    }
  }
  return { policy: next, reverted };
}

/** The earliest end time of any timed shield, if one is set. */
export function nextExpiry(policy: ShieldPolicy): number | undefined {
  let soonest: number | undefined;
  for (const facet of FACETS) {
    const until = policy[facet]?.until;
    if (until !== undefined && (soonest === undefined || until < soonest)) soonest = until;
  }
  return soonest;
}

function assertAllowed(facet: Facet, level: ShieldLevel): void {
  if (!allowsLevel(facet, level)) {
    throw new RangeError(`shield ${facet}: expected one of ${FACET_LEVELS[facet].join(' | ')}, got ${level}`);
  }
}
