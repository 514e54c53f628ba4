/**
 * `usePlaceName(lat, lon, precision)`: the name for a shown position, or undefined until the names have
 * loaded (the caller keeps its old text meanwhile). Re-renders once when they arrive.
 */
import type { PlaceName, Precision } from '@entwine/places';
import { useEffect, useState } from 'react';
import { placeIndexNow, whenPlaceNamesLoad } from './place-names.ts';

export function usePlaceNamesLoaded(): boolean {
  const [ready, setReady] = useState(() => placeIndexNow() !== undefined);
  useEffect(() => (ready ? undefined : whenPlaceNamesLoad(() => setReady(true))), [ready]);
  return ready;
}

export function usePlaceName(lat: number | undefined, lon: number | undefined, precision: Precision): PlaceName | undefined {
  const ready = usePlaceNamesLoaded();
  if (!ready || lat === undefined || lon === undefined) return undefined;
  return placeIndexNow()?.nameAt(lat, lon, precision);
}
