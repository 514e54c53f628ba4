/**
 * How facets, shield levels and shield durations read on screen. The levels a control offers come from
 * the core's `FACET_LEVELS`, never from a list kept here, so a facet can only be set to what it allows.
 */
import { FACET_LEVELS, FACETS, type Facet, type FacetShield, GRID, isAreaLevel, type ShieldLevel } from '@entwine/core';
import { formatDistance, formatTime } from './format.ts';

export const FACET_NAMES: Record<Facet, string> = {
  location: 'Location',
  trail: 'Trail',
  places: 'Places',
  presence: 'Presence',
  feelings: 'Feelings',
  moments: 'Moments',
  glances: 'Glances',
  thoughts: 'Thoughts',
  checkin: 'Check-ins',
};

/** What a facet is, in a few words, for the people choosing its level. */
export const FACET_HINTS: Record<Facet, string> = {
  location: 'where you are now',
  trail: 'where you have been: the earlier positions their app keeps',
  places: 'arriving at and leaving places',
  presence: 'online, battery, moving or still',
  feelings: 'mood and how strongly',
  moments: 'photos pinned to a place',
  glances: 'one-tap signals',
  thoughts: 'messages',
  checkin: 'timers and SOS',
};

/**
 * Facets that take effect today: where you are (and what of it their app keeps: the trail), and what passes
 * between you. The rest take effect once they exist.
 */
export const WHERE_FACETS: readonly Facet[] = ['location', 'trail', 'presence'];
export const BETWEEN_FACETS: readonly Facet[] = ['feelings', 'glances', 'thoughts', 'moments'];
export const LIVE_FACETS: readonly Facet[] = [...WHERE_FACETS, ...BETWEEN_FACETS];

/** Facets with area levels: their `exact` is a place, so it reads "exact" rather than "shared". */
const PLACED: readonly Facet[] = ['location', 'moments', 'trail', 'places', 'checkin'];

export function levelName(facet: Facet, level: ShieldLevel): string {
  if (isAreaLevel(level)) {
    const area = { street: 'Street', neighbourhood: 'Neighbourhood', city: 'City' }[level];
    return `${area} (within ${formatDistance(GRID[level].pitchM)})`;
  }
  switch (level) {
    case 'exact':
      return PLACED.includes(facet) ? 'Exact' : 'Shared';
    case 'frozen':
      return 'Frozen (keep the last, send nothing new)';
    case 'hidden':
      return 'Hidden';
  }
}

/** Short form for summaries ("city", "exact"). */
export function levelWord(facet: Facet, level: ShieldLevel): string {
  return level === 'exact' && !PLACED.includes(facet) ? 'shared' : level;
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
  const now = levelWord(facet, shield.level);
  const head = now.charAt(0).toUpperCase() + now.slice(1);
  if (shield.until === undefined) return head;
  return `${head} until ${formatTime(shield.until)}, then back to ${levelWord(facet, shield.revertTo ?? 'hidden')}`;
}

/** "location city, presence" — the facets a partner gets now; "nothing" if none. */
export function describeLevels(levels: Record<Facet, ShieldLevel>): string {
  const shared = FACETS.filter((f) => levels[f] !== 'hidden').map((f) =>
    levels[f] === 'exact' && !PLACED.includes(f) ? FACET_NAMES[f].toLowerCase() : `${FACET_NAMES[f].toLowerCase()} ${levels[f]}`,
  );
  return shared.length === 0 ? 'nothing' : shared.join(', ');
}
