/**
 * Shield levels in the web app's words, so a person moving between the two reads one vocabulary: a facet
 * that has a place (location, trail, places, moments, check-ins) is `exact` at its top level; one that has
 * none (presence, feelings, glances, thoughts) is `shared`. `shared` and `exact` are accepted for the latter
 * alike; `level-words.test.ts` keeps these words equal to the web's (`packages/web/src/ui/shield-words.ts`).
 */
import { AREA_LEVELS, FACET_LEVELS, type Facet, isShieldLevel, type ShieldLevel } from '@entwine/core';

/** A facet whose levels include an area has a place, and its top level is a place too. */
export function hasPlace(facet: Facet): boolean {
  return FACET_LEVELS[facet].some((l) => (AREA_LEVELS as readonly string[]).includes(l));
}

/** The word for one level of one facet: `shared` for the top level of a facet without a place. */
export function levelWord(facet: Facet, level: ShieldLevel): string {
  return level === 'exact' && !hasPlace(facet) ? 'shared' : level;
}

/** The words a facet accepts, for messages: "exact | street | … | hidden", "shared | frozen | hidden". */
export function levelChoices(facet: Facet): string {
  return FACET_LEVELS[facet].map((l) => levelWord(facet, l)).join(' | ');
}

/** The level a word names for this facet, or undefined if the facet has no such level. */
export function levelFromWord(facet: Facet, word: string): ShieldLevel | undefined {
  const level = word === 'shared' && !hasPlace(facet) ? 'exact' : word;
  return isShieldLevel(level) && FACET_LEVELS[facet].includes(level) ? level : undefined;
}
