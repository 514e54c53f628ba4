/**
 * Names for coordinates, looked up on the receiving device from what it was sent. Guarantees:
 * - a name is never finer than the precision asked for: a neighbourhood only at `exact` and `street`, and
 *   the locality chosen at the scale of the level's cell (`naming-scale.ts`);
 * - the same index, point and precision always give the same answer (ties break on the dataset's order);
 * - longitudes wrap (181° is −179°) and searches cross the antimeridian; a point with no locality within
 *   `FAR_LIMIT_KM` (open ocean, the poles) gets no name.
 * Nearest-neighbour search is `geokdbush` (great-circle, over a `kdbush` tree), not hand-written.
 */
import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import { countryName } from './country-name.ts';
import { FAR_LIMIT_KM, MIN_POPULATION, NAMING_SCALES } from './naming-scale.ts';
import type { Place, PlaceName, Precision } from './place.ts';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

interface Layer {
  tree: KDBush;
  places: Place[];
}

function layerOf(places: Place[]): Layer {
  const tree = new KDBush(Math.max(1, places.length));
  for (const p of places) tree.add(p.lon, p.lat);
  // kdbush needs as many points as it was sized for: an empty layer gets one point nobody can reach.
  if (places.length === 0) tree.add(0, 0);
  return { tree: tree.finish(), places };
}

/** −180 ≤ lon < 180, whatever turns the input made. */
function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export class PlaceIndex {
  readonly size: number;
  readonly #localities: Layer;
  readonly #neighbourhoods: Layer;

  constructor(places: readonly Place[]) {
    this.size = places.length;
    this.#localities = layerOf(places.filter((p) => p.kind === 'locality'));
    this.#neighbourhoods = layerOf(places.filter((p) => p.kind === 'neighbourhood'));
  }

  nameAt(lat: number, lon: number, precision: Precision): PlaceName | undefined {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90)
      throw new RangeError(`nameAt: expected a latitude in [-90, 90] and a finite longitude, got ${lat}, ${lon}`);
    const scale = NAMING_SCALES[precision];
    if (!scale) throw new TypeError(`nameAt: expected a precision (exact, street, neighbourhood, city), got ${String(precision)}`);
    const x = wrapLon(lon);
    const { places, tree } = this.#localities;
    let best: Place | undefined;
    let bestKm = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const id of around(tree, x, lat, Number.POSITIVE_INFINITY, scale.reachKm)) {
      const p = places[id];
      if (!p) continue;
      const km = distance(x, lat, p.lon, p.lat);
      const score = Math.max(km, scale.spreadKm) / Math.max(p.population, MIN_POPULATION) ** scale.exponent;
      if (score < bestScore) {
        best = p;
        bestKm = km;
        bestScore = score;
      }
    }
    let far = false;
    if (!best) {
      const [id] = around(tree, x, lat, 1, FAR_LIMIT_KM);
      best = id === undefined ? undefined : places[id];
      if (!best) return undefined;
      bestKm = distance(x, lat, best.lon, best.lat);
      far = true;
    }
    const name: PlaceName = {
      locality: best.name,
      country: best.country,
      countryName: countryName(best.country),
      distanceKm: bestKm,
      far,
    };
    const section = far || scale.neighbourhoodKm === 0 ? undefined : this.#nearestNeighbourhood(x, lat, scale.neighbourhoodKm);
    // "Zürich (Kreis 5)" in Zürich says nothing the locality does not.
    if (section && !section.name.startsWith(best.name)) name.neighbourhood = section.name;
    return name;
  }

  /** Localities inside `bounds` (west > east crosses the antimeridian), most populous first. */
  localitiesWithin(bounds: Bounds, options: { minPopulation?: number; limit?: number } = {}): Place[] {
    const { places, tree } = this.#localities;
    const south = Math.max(-90, bounds.south);
    const north = Math.min(90, bounds.north);
    const west = wrapLon(bounds.west);
    const east = bounds.east >= 180 ? 180 : wrapLon(bounds.east);
    const ids =
      west <= east
        ? tree.range(west, south, east, north)
        : [...tree.range(west, south, 180, north), ...tree.range(-180, south, east, north)];
    const min = options.minPopulation ?? 0;
    const found = ids.map((id) => places[id]).filter((p): p is Place => p !== undefined && p.population >= min);
    found.sort((a, b) => b.population - a.population);
    return options.limit === undefined ? found : found.slice(0, options.limit);
  }

  #nearestNeighbourhood(lon: number, lat: number, maxKm: number): Place | undefined {
    const [id] = around(this.#neighbourhoods.tree, lon, lat, 1, maxKm);
    return id === undefined ? undefined : this.#neighbourhoods.places[id];
  }
}
