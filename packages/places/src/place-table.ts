/**
 * The places as columns: what the dataset decodes into and the index searches, with no object per place
 * (135 000 objects cost more to build than the search trees), and made of typed arrays and plain strings
 * so a worker can build it and hand it over (`PlaceIndex.snapshot`).
 */
import type { Place } from './place.ts';

export interface PlaceTable {
  names: string[];
  /** The ISO 3166-1 alpha-2 codes that `country` indexes. */
  countryCodes: string[];
  country: Uint16Array;
  /** 1 for a neighbourhood (GeoNames PPLX), 0 for a locality. */
  neighbourhood: Uint8Array;
  population: Uint32Array;
  lat: Float64Array;
  lon: Float64Array;
}

export function tableOf(places: readonly Place[]): PlaceTable {
  const n = places.length;
  const codes = new Map<string, number>();
  const table: PlaceTable = {
    names: places.map((p) => p.name),
    countryCodes: [],
    country: new Uint16Array(n),
    neighbourhood: new Uint8Array(n),
    population: new Uint32Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
  };
  places.forEach((p, i) => {
    let code = codes.get(p.country);
    if (code === undefined) {
      code = codes.size;
      codes.set(p.country, code);
      table.countryCodes.push(p.country);
    }
    table.country[i] = code;
    table.neighbourhood[i] = p.kind === 'neighbourhood' ? 1 : 0;
    table.population[i] = p.population;
    table.lat[i] = p.lat;
    table.lon[i] = p.lon;
  });
  return table;
}

export function placeAt(table: PlaceTable, row: number): Place {
  return {
    name: table.names[row]!,
    country: table.countryCodes[table.country[row]!]!,
    kind: table.neighbourhood[row] ? 'neighbourhood' : 'locality',
    population: table.population[row]!,
    lat: table.lat[row]!,
    lon: table.lon[row]!,
  };
}

export function placesOf(table: PlaceTable): Place[] {
  return table.names.map((_, row) => placeAt(table, row));
}
