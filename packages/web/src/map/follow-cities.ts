/**
 * Keeps the outline map's city dots (`city-dots.ts`) in step with the view: recomputed when the map stops
 * moving and when a style with city dots loads. Only such a style starts loading the place names
 * (`ui/place-names.ts`, fetched lazily), so a street map never fetches them for its own sake.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { placeIndexNow, whenPlaceNamesLoad } from '../ui/place-names.ts';
import { CITY_SOURCE, cityFeatures } from './city-dots.ts';

/** Returns a function that stops following. */
export function followCities(map: MapLibreMap): () => void {
  let waiting: (() => void) | undefined;
  const update = () => {
    // Only a style with city dots (the outline map) loads the names; a street map has its own.
    const source = map.getSource(CITY_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    const index = placeIndexNow();
    if (!index) {
      waiting ??= whenPlaceNamesLoad(update);
      return;
    }
    const b = map.getBounds();
    source.setData(cityFeatures(index, { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, map.getZoom()));
  };
  map.on('moveend', update);
  map.on('style.load', update);
  return () => {
    waiting?.();
    map.off('moveend', update);
    map.off('style.load', update);
  };
}
