/**
 * A place name as words on screen: the core's words (`placeWords`, shared with the CLI), with the country
 * by its name where the CLI gives its code.
 */
import { placeWords as coreWords, shortPlaceWords } from '@entwine/core';
import type { PlaceName, Precision } from '@entwine/places';

export { shortPlaceWords };

/** "near Oerlikon, Zürich", "somewhere in Zürich", "60 km from Egvekinot"; `, Switzerland` with the country. */
export function placeWords(name: PlaceName, precision: Precision, { country = false } = {}): string {
  return coreWords(name, precision, country ? name.countryName : undefined);
}
