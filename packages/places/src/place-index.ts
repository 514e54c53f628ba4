/**
 * Names for coordinates, looked up on the receiving device from what it was sent. Guarantees:
 * - a name is never finer than the precision asked for: a neighbourhood only at `exact` and `street`, and
 *   the locality chosen at the scale of the level's cell (`naming-scale.ts`);
 * - the same index, point and precision always give the same answer (ties go to the first candidate);
 * - longitudes wrap (181° is −179°) and searches cross the antimeridian; a point with no locality within
 *   `FAR_LIMIT_KM` (open ocean, the poles) gets no name.
 * Nearest-neighbour search is `geokdbush` (great-circle, over a `kdbush` tree), not hand-written. The index
 * is columns and two trees, all transferable: a worker can build it and hand over a `snapshot`.
 */
import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import { countryName } from './country-name.ts';
import { FAR_LIMIT_KM, MIN_POPULATION, NAMING_SCALES } from './naming-scale.ts';
import type { Place, PlaceName, Precision } from './place.ts';
import { type PlaceTable, placeAt, tableOf } from './place-table.ts';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** One tree over some rows of the table: tree item i is table row `rows[i]`. */
interface Layer {
  tree: KDBush;
  rows: Uint32Array;
}

/** Everything an index is, as structured-cloneable data; `snapshotBuffers` lists what to transfer. */
export interface PlaceIndexSnapshot {
  table: PlaceTable;
  localities: { tree: ArrayBuffer; rows: Uint32Array };
  neighbourhoods: { tree: ArrayBuffer; rows: Uint32Array };
}

function layerOf(table: PlaceTable, neighbourhood: 0 | 1): Layer {
  const picked: number[] = [];
  for (let row = 0; row < table.names.length; row++) if (table.neighbourhood[row] === neighbourhood) picked.push(row);
  // kdbush needs at least one point: an empty layer gets one that maps to no row.
  const tree = new KDBush(Math.max(1, picked.length));
  for (const row of picked) tree.add(table.lon[row]!, table.lat[row]!);
  if (picked.length === 0) tree.add(0, 0);
  return { tree: tree.finish(), rows: Uint32Array.from(picked) };
}

/** −180 ≤ lon < 180, whatever turns the input made. */
function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export class PlaceIndex {
  readonly size: number;
  readonly #table: PlaceTable;
  readonly #localities: Layer;
  readonly #neighbourhoods: Layer;

  private constructor(table: PlaceTable, localities: Layer, neighbourhoods: Layer) {
    this.size = table.names.length;
    this.#table = table;
    this.#localities = localities;
    this.#neighbourhoods = neighbourhoods;
  }

  static of(places: readonly Place[]): PlaceIndex {
    return PlaceIndex.fromTable(tableOf(places));
  }

  static fromTable(table: PlaceTable): PlaceIndex {
    return new PlaceIndex(table, layerOf(table, 0), layerOf(table, 1));
  }

  static fromSnapshot(s: PlaceIndexSnapshot): PlaceIndex {
    return new PlaceIndex(
      s.table,
      { tree: KDBush.from(s.localities.tree), rows: s.localities.rows },
      { tree: KDBush.from(s.neighbourhoods.tree), rows: s.neighbourhoods.rows },
    );
  }

  snapshot(): PlaceIndexSnapshot {
    const layer = (l: Layer) => ({ tree: l.tree.data as ArrayBuffer, rows: l.rows });
    return { table: this.#table, localities: layer(this.#localities), neighbourhoods: layer(this.#neighbourhoods) };
  }

  nameAt(lat: number, lon: number, precision: Precision): PlaceName | undefined {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90)
      throw new RangeError(`nameAt: expected a latitude in [-90, 90] and a finite longitude, got ${lat}, ${lon}`);
    const scale = NAMING_SCALES[precision];
    if (!scale) throw new TypeError(`nameAt: expected a precision (exact, street, neighbourhood, city), got ${String(precision)}`);
    const x = wrapLon(lon);
    const t = this.#table;
    const { tree, rows } = this.#localities;
    let best = -1;
    let bestKm = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const id of around(tree, x, lat, Number.POSITIVE_INFINITY, scale.reachKm)) {
      const row = rows[id];
      if (row === undefined) continue;
      const km = distance(x, lat, t.lon[row]!, t.lat[row]!);
      const score = Math.max(km, scale.spreadKm) / Math.max(t.population[row]!, MIN_POPULATION) ** scale.exponent;
      if (score < bestScore) {
        best = row;
        bestKm = km;
        bestScore = score;
      }
    }
    let far = false;
    if (best < 0) {
      const [id] = around(tree, x, lat, 1, FAR_LIMIT_KM);
      const row = id === undefined ? undefined : rows[id];
      if (row === undefined) return undefined;
      best = row;
      bestKm = distance(x, lat, t.lon[row]!, t.lat[row]!);
      far = true;
    }
    const locality = t.names[best]!;
    const country = t.countryCodes[t.country[best]!]!;
    const name: PlaceName = { locality, country, countryName: countryName(country), distanceKm: bestKm, far };
    const section = far || scale.neighbourhoodKm === 0 ? undefined : this.#nearestNeighbourhood(x, lat, scale.neighbourhoodKm);
    // "Zürich (Kreis 5)" in Zürich says nothing the locality does not.
    if (section !== undefined && !section.startsWith(locality)) name.neighbourhood = section;
    return name;
  }

  /** Localities inside `bounds` (west > east crosses the antimeridian), most populous first. */
  localitiesWithin(bounds: Bounds, options: { minPopulation?: number; limit?: number } = {}): Place[] {
    const { tree, rows } = this.#localities;
    const t = this.#table;
    const south = Math.max(-90, bounds.south);
    const north = Math.min(90, bounds.north);
    const west = wrapLon(bounds.west);
    const east = bounds.east >= 180 ? 180 : wrapLon(bounds.east);
    const ids =
      west <= east
        ? tree.range(west, south, east, north)
        : [...tree.range(west, south, 180, north), ...tree.range(-180, south, east, north)];
    const min = options.minPopulation ?? 0;
    const found = ids.map((id) => rows[id]).filter((row): row is number => row !== undefined && t.population[row]! >= min);
    found.sort((a, b) => t.population[b]! - t.population[a]! || a - b);
    return (options.limit === undefined ? found : found.slice(0, options.limit)).map((row) => placeAt(t, row));
  }

  #nearestNeighbourhood(lon: number, lat: number, maxKm: number): string | undefined {
    const [id] = around(this.#neighbourhoods.tree, lon, lat, 1, maxKm);
    const row = id === undefined ? undefined : this.#neighbourhoods.rows[id];
    return row === undefined ? undefined : this.#table.names[row];
  }
}

/** The buffers of a snapshot, for `postMessage(snapshot, snapshotBuffers(snapshot))`. */
export function snapshotBuffers(s: PlaceIndexSnapshot): ArrayBuffer[] {
  const t = s.table;
  return [
    ...new Set(
      [t.country, t.neighbourhood, t.population, t.lat, t.lon, s.localities.rows, s.neighbourhoods.rows].map(
        (a) => a.buffer as ArrayBuffer,
      ),
    ),
    s.localities.tree,
    s.neighbourhoods.tree,
  ];
}
