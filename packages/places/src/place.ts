/** What the place names are made of, and what a lookup answers. */

/** A shield level a position was shared at; a name never tells more than its level shows. */
export type Precision = 'exact' | 'street' | 'neighbourhood' | 'city';

export const PRECISIONS: readonly Precision[] = ['exact', 'street', 'neighbourhood', 'city'];

/**
 * One named point of the dataset. A `locality` is a city, town or village (GeoNames feature class P other
 * than PPLX); a `neighbourhood` is a section of one (GeoNames PPLX).
 */
export interface Place {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  kind: 'locality' | 'neighbourhood';
  /** Inhabitants as the dataset gives them; 0 where it gives none. */
  population: number;
  lat: number;
  lon: number;
}

/** The words for a point, at the scale of a precision. */
export interface PlaceName {
  /** The city, town or village the point belongs to at this precision (or the nearest one, when `far`). */
  locality: string;
  /** A section of the locality within walking distance; only at `exact` and `street`. */
  neighbourhood?: string;
  /** ISO 3166-1 alpha-2 of the locality. */
  country: string;
  /** The country's English name ("Switzerland"); the code where the platform has no names. */
  countryName: string;
  /** Great-circle distance from the point to the locality's own coordinate. */
  distanceKm: number;
  /** No locality is within this precision's reach: `locality` is only the nearest one, `distanceKm` away. */
  far: boolean;
}
