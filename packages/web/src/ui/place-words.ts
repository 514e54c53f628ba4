/**
 * A place name as words, at the scale its level allows (the name itself already is: `@entwine/places`
 * never returns a neighbourhood for an area of 1 km or more). A point or a street cell is "near" a
 * place; a neighbourhood or city cell is "somewhere in" its town; a point far from any town says how far.
 */
import type { PlaceName, Precision } from '@entwine/places';

const isArea = (precision: Precision) => precision === 'neighbourhood' || precision === 'city';

function farWords(name: PlaceName, precision: Precision): string {
  return `${isArea(precision) ? 'about ' : ''}${Math.round(name.distanceKm)} km from ${name.locality}`;
}

/** "near Oerlikon, Zürich", "somewhere in Zürich", "60 km from Egvekinot"; `, Switzerland` with the country. */
export function placeWords(name: PlaceName, precision: Precision, { country = false } = {}): string {
  const where = name.far
    ? farWords(name, precision)
    : isArea(precision)
      ? `somewhere in ${name.locality}`
      : `near ${name.neighbourhood ? `${name.neighbourhood}, ` : ''}${name.locality}`;
  return country ? `${where}, ${name.countryName}` : where;
}

/** For a map label: the finest part only — "near Oerlikon", "in Zürich", "60 km from Egvekinot". */
export function shortPlaceWords(name: PlaceName, precision: Precision): string {
  if (name.far) return farWords(name, precision);
  return isArea(precision) ? `in ${name.locality}` : `near ${name.neighbourhood ?? name.locality}`;
}
