/**
 * The words people read for facets, shield levels, a shield's refusal, a failed pairing and a place name — one set, used
 * by the CLI and the web app alike, so a person moving between the two reads one vocabulary (and a fix to
 * a word reaches both). The registry of message kinds is `registry.ts`; these are its words.
 *
 * A facet that has a place (location, trail, places, moments, check-ins) is `exact` at its top level; one
 * that has none (presence, feelings, glances, thoughts) is `shared` there — both front ends print `shared`
 * and accept it (and `exact`) for such a facet.
 */
import { DEVICE_LIST_FAILURES } from '../crypto/identity.ts';
import { PAIRING_FAILURES, type PairingFailure } from '../crypto/pairing.ts';
import { ERRORS, isErrorCode } from '../errors.ts';
import { AREA_LEVELS, type AreaLevel, FACET_LEVELS, type Facet, isShieldLevel, type ShieldLevel } from '../shield/levels.ts';

/** `name`: the facet as a heading ("Check-ins"); `hint`: what it is, for the people choosing its level. */
export const FACET_WORDS: Readonly<Record<Facet, { name: string; hint: string }>> = {
  location: { name: 'Location', hint: 'where you are now' },
  trail: { name: 'Trail', hint: 'where you have been: the earlier positions their app keeps' },
  places: { name: 'Places', hint: 'arriving at and leaving places' },
  presence: { name: 'Presence', hint: 'online, battery, moving or still' },
  feelings: { name: 'Feelings', hint: 'mood and how strongly' },
  moments: { name: 'Moments', hint: 'photos pinned to a place' },
  glances: { name: 'Glances', hint: 'one-tap signals' },
  thoughts: { name: 'Thoughts', hint: 'messages' },
  checkin: { name: 'Check-ins', hint: 'timers and SOS' },
};

/** The facet inside a sentence: "glances", "check-ins". */
export function facetNoun(facet: Facet): string {
  return FACET_WORDS[facet].name.toLowerCase();
}

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

/** The level a word names for this facet (`shared` or `exact` for the top of a facet without a place). */
export function levelFromWord(facet: Facet, word: string): ShieldLevel | undefined {
  const level = word === 'shared' && !hasPlace(facet) ? 'exact' : word;
  return isShieldLevel(level) && FACET_LEVELS[facet].includes(level) ? level : undefined;
}

/**
 * A send the shield refused (`ENTWINE_ERR_SHIELD_HIDDEN`): the sentence that names the facet, and the level
 * word that opens it. Each front end adds where to change it (a command, a screen).
 */
export function shieldRefusal(facet: Facet, name: string): { text: string; open: string } {
  return { text: `Not sent: you do not share ${facetNoun(facet)} with ${name}`, open: levelWord(facet, 'exact') };
}

/**
 * Why the relay refused a message already sealed (`send-refused`): the catalogue's words for its code, so the
 * person reads what it means; the code itself is for logs (the CLI prints it after the words).
 */
export function refusalWords(code: string): string {
  return isErrorCode(code) ? ERRORS[code].message : 'The relay refused it.';
}

/** Why a pairing failed, as a clause ("the invite had expired"); keyed by the core's failure reasons. */
const PAIRING_FAILURE_WORDS: Readonly<Record<PairingFailure, string>> = {
  [PAIRING_FAILURES.damaged]: 'the pairing data was damaged or altered on the way',
  [PAIRING_FAILURES.badSignature]: 'a signature on the pairing data did not verify — someone may be tampering with the pairing',
  [PAIRING_FAILURES.wrongInvite]: 'the answer belongs to a different invite',
  [PAIRING_FAILURES.expired]: 'the invite had expired',
  [PAIRING_FAILURES.commitmentMismatch]:
    'the key revealed does not match the one promised in the invite — someone may be intercepting this bond',
};

/** A failed pairing's reason in words; a reason this version does not know is shown as it is. */
export function pairingFailureWords(reason: string): string {
  if (Object.hasOwn(PAIRING_FAILURE_WORDS, reason)) return PAIRING_FAILURE_WORDS[reason as PairingFailure];
  if ((Object.values(DEVICE_LIST_FAILURES) as string[]).includes(reason)) return `the partner’s device list failed a check (${reason})`;
  return reason;
}

/** Every reason a pairing can fail with (its own checks and the device list's), for tests and docs. */
export const PAIRING_FAILURE_REASONS: readonly string[] = [
  ...new Set([...Object.values(PAIRING_FAILURES), ...Object.values(DEVICE_LIST_FAILURES)]),
];

/** A named place as `@entwine/places` gives it (only what the words need). */
export interface NamedPlace {
  locality: string;
  neighbourhood?: string | undefined;
  distanceKm: number;
  /** No town near: the words say how far the nearest one is. */
  far: boolean;
}

/** The scale a place name is said at: a point, or the area of a shield level. */
export type PlacePrecision = 'exact' | AreaLevel;

const isArea = (precision: PlacePrecision) => precision === 'neighbourhood' || precision === 'city';

function farWords(name: NamedPlace, precision: PlacePrecision): string {
  return `${isArea(precision) ? 'about ' : ''}${Math.round(name.distanceKm)} km from ${name.locality}`;
}

/**
 * A place name as words, at the scale its level allows (the name itself already is: `@entwine/places`
 * never returns a neighbourhood for an area of 1 km or more). A point or a street cell is "near" a place;
 * a neighbourhood or city cell is "somewhere in" its town; a point far from any town says how far.
 * "near Oerlikon, Zürich", "somewhere in Zürich", "60 km from Egvekinot"; `country` is added after a comma
 * (the web app names it, the CLI gives its code).
 */
export function placeWords(name: NamedPlace, precision: PlacePrecision, country?: string): string {
  const where = name.far
    ? farWords(name, precision)
    : isArea(precision)
      ? `somewhere in ${name.locality}`
      : `near ${name.neighbourhood ? `${name.neighbourhood}, ` : ''}${name.locality}`;
  return country === undefined ? where : `${where}, ${country}`;
}

/** For a map label: the finest part only — "near Oerlikon", "in Zürich", "60 km from Egvekinot". */
export function shortPlaceWords(name: NamedPlace, precision: PlacePrecision): string {
  if (name.far) return farWords(name, precision);
  return isArea(precision) ? `in ${name.locality}` : `near ${name.neighbourhood ?? name.locality}`;
}

/**
 * A partner's arrive or leave at one of their places, without its time (each front end writes the time its
 * own way): "Alice arrived at Home", "Alice left Work". The web app adds " · 18:02"; the CLI's line opens with it.
 */
export function placeEventWords(from: string, message: { event: 'arrive' | 'leave'; name: string }): string {
  return message.event === 'arrive' ? `${from} arrived at ${message.name}` : `${from} left ${message.name}`;
}
