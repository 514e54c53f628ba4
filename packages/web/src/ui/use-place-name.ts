/**
 * `usePlaceName(lat, lon, precision)`: the name for a shown position, or undefined until the names have
 * loaded (the caller keeps its old text meanwhile). Re-renders once when they arrive. With no position it
 * loads nothing: a page that has nothing to name never fetches the dataset for it.
 */
import type { PlaceName, Precision } from '@entwine/places';
import { useEffect, useState } from 'react';
import { loadedPlaceIndex, whenPlaceNamesLoad } from './place-names.ts';

export function usePlaceName(lat: number | undefined, lon: number | undefined, precision: Precision): PlaceName | undefined {
  const wanted = lat !== undefined && lon !== undefined;
  const [ready, setReady] = useState(() => loadedPlaceIndex() !== undefined);
  useEffect(() => (ready || !wanted ? undefined : whenPlaceNamesLoad(() => setReady(true))), [ready, wanted]);
  if (!ready || lat === undefined || lon === undefined) return undefined;
  return loadedPlaceIndex()?.nameAt(lat, lon, precision);
}
