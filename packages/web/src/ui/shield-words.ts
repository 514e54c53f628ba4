/**
 * How facets, shield levels and shield durations read on screen. The levels a control offers come from
 * the core's `FACET_LEVELS`, never from a list kept here, so a facet can only be set to what it allows;
 * facet names and level words are the core's (`FACET_WORDS`, `levelWord`), the same the CLI prints.
 */
import {
  FACET_LEVELS,
  FACETS,
  type Facet,
  type FacetShield,
  facetNoun,
  GRID,
  isAreaLevel,
  levelWord,
  type ShieldLevel,
} from '@entwine/core';
import { formatDistance, formatTime } from './format.ts';

/**
 * Facets that take effect today: where you are (and what of it their app keeps: the trail), and what passes
 * between you. The rest take effect once they exist.
 */
export const WHERE_FACETS: readonly Facet[] = ['location', 'trail', 'presence'];
export const BETWEEN_FACETS: readonly Facet[] = ['feelings', 'glances', 'thoughts', 'moments'];
export const LIVE_FACETS: readonly Facet[] = [...WHERE_FACETS, ...BETWEEN_FACETS];

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function levelName(facet: Facet, level: ShieldLevel): string {
  if (isAreaLevel(level)) {
    const area = { street: 'Street', neighbourhood: 'Neighbourhood', city: 'City' }[level];
    return `${area} (within ${formatDistance(GRID[level].pitchM)})`;
  }
  switch (level) {
    case 'exact':
      return capitalised(levelWord(facet, level)); // "Exact" for a facet with a place, else "Shared"
    case 'frozen':
      return 'Frozen (keep the last, send nothing new)';
    case 'hidden':
      return 'Hidden';
  }
}

export function levelsOf(facet: Facet): readonly ShieldLevel[] {
  return FACET_LEVELS[facet];
}

/** The "for a time" choices: until lifted, or this long, then back to the standing level. */
export const DURATIONS: readonly { label: string; ms?: number }[] = [
  { label: 'Until I change it' },
  { label: 'For 1 hour', ms: 3_600_000 },
  { label: 'For 2 hours', ms: 7_200_000 },
  { label: 'For 8 hours', ms: 28_800_000 },
];

/** "City until 14:05, then exact" / "Hidden". */
export function describeShield(facet: Facet, shield: FacetShield): string {
  const head = capitalised(levelWord(facet, shield.level));
  if (shield.until === undefined) return head;
  return `${head} until ${formatTime(shield.until)}, then back to ${levelWord(facet, shield.revertTo ?? 'hidden')}`;
}

/** "location city, presence" — the facets a partner gets now; "nothing" if none. */
export function describeLevels(levels: Record<Facet, ShieldLevel>): string {
  const shared = FACETS.filter((f) => levels[f] !== 'hidden').map((f) =>
    levelWord(f, levels[f]) === 'shared' ? facetNoun(f) : `${facetNoun(f)} ${levels[f]}`,
  );
  return shared.length === 0 ? 'nothing' : shared.join(', ');
}
