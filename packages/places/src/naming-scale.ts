/**
 * How far a name reaches at each precision. A shared position is a point (exact), or the centre of a cell
 * of about 100 m (street), 1 km (neighbourhood) or 10 km (city): the person is anywhere in it. The locality
 * named is the one whose pull on the point is strongest, where a place's pull grows with its population
 * and falls with distance — a multiplicatively weighted nearest neighbour:
 *
 *   score(place) = max(distance, spreadKm) / max(population, 1000) ^ exponent      (lowest wins)
 *
 * - `spreadKm` is how uncertain the point is: inside it every distance counts the same, so within a city
 *   cell the biggest place around wins ("somewhere in Zürich", not the village nearest the cell's centre);
 *   at street level a 300 m floor keeps a village from winning only because the point sits on its pin.
 * - `exponent` is how much size counts. ¼ at the fine levels: a point 2 km from a village and 6 km from a
 *   town of 50 000 is near the village. ⅓ for city cells, whose 10 km blur makes size the better guide.
 * - `reachKm`: farther places are not candidates; with none in reach the answer is the nearest locality,
 *   marked `far`, up to `FAR_LIMIT_KM`.
 * - `neighbourhoodKm`: at exact and street only, the nearest section of a town (GeoNames PPLX) within it.
 * Populations below 1 000 (seats the dataset lists with none) count as 1 000, the dataset's own floor.
 */
import type { Precision } from './place.ts';

export interface NamingScale {
  spreadKm: number;
  exponent: number;
  reachKm: number;
  /** 0: no neighbourhood at this precision. */
  neighbourhoodKm: number;
}

export const NAMING_SCALES: Record<Precision, NamingScale> = {
  exact: { spreadKm: 0.3, exponent: 1 / 4, reachKm: 15, neighbourhoodKm: 1.5 },
  street: { spreadKm: 0.3, exponent: 1 / 4, reachKm: 15, neighbourhoodKm: 1.5 },
  neighbourhood: { spreadKm: 1, exponent: 1 / 4, reachKm: 20, neighbourhoodKm: 0 },
  city: { spreadKm: 7, exponent: 1 / 3, reachKm: 30, neighbourhoodKm: 0 },
};

export const MIN_POPULATION = 1000;

/** Beyond this from any locality a point has no name at all (open sea, ice). */
export const FAR_LIMIT_KM = 300;
