/**
 * Facets and shield levels (DESIGN §6). A level says how much of one facet one partner gets; each facet
 * allows only the levels that mean something for it (a thought is shared or not; it has no "street").
 * Levels are ranked from most to least revealing, which is what "lowering" and "raising" mean.
 */
export const FACETS = ['location', 'trail', 'places', 'presence', 'feelings', 'moments', 'glances', 'thoughts', 'checkin'] as const;
export type Facet = (typeof FACETS)[number];

export const SHIELD_LEVELS = ['exact', 'street', 'neighbourhood', 'city', 'frozen', 'hidden'] as const;
export type ShieldLevel = (typeof SHIELD_LEVELS)[number];

/** The levels that coarsen a position on the keyed-offset grid. */
export type AreaLevel = 'street' | 'neighbourhood' | 'city';
export const AREA_LEVELS: readonly AreaLevel[] = ['street', 'neighbourhood', 'city'];

const ALL = SHIELD_LEVELS;
/** Which levels each facet offers. Presence needs no area level: its place-derived parts (local time,
 * daylight) are computed by the partner from the position they already get at its own level, and its
 * motion is sent only as far as the location level shows it (client `publish.ts`). */
export const FACET_LEVELS: Readonly<Record<Facet, readonly ShieldLevel[]>> = {
  location: ALL,
  trail: ALL,
  places: ALL,
  moments: ALL,
  checkin: ['exact', 'street', 'neighbourhood', 'city', 'hidden'],
  presence: ['exact', 'frozen', 'hidden'],
  feelings: ['exact', 'frozen', 'hidden'],
  glances: ['exact', 'hidden'],
  thoughts: ['exact', 'hidden'],
};

const RANK: Readonly<Record<ShieldLevel, number>> = { exact: 5, street: 4, neighbourhood: 3, city: 2, frozen: 1, hidden: 0 };

/** Higher reveals more. */
export function shieldRank(level: ShieldLevel): number {
  return RANK[level];
}

/** Lowering (revealing less) takes effect at once and starts a new epoch; raising waits for the next tick. */
export function isLowering(from: ShieldLevel, to: ShieldLevel): boolean {
  return RANK[to] < RANK[from];
}

export function isAreaLevel(level: ShieldLevel): level is AreaLevel {
  return level === 'street' || level === 'neighbourhood' || level === 'city';
}

export function isFacet(value: string): value is Facet {
  return (FACETS as readonly string[]).includes(value);
}

export function isShieldLevel(value: string): value is ShieldLevel {
  return (SHIELD_LEVELS as readonly string[]).includes(value);
}

export function allowsLevel(facet: Facet, level: ShieldLevel): boolean {
  return FACET_LEVELS[facet].includes(level);
}
