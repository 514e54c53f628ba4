/**
 * Place names on this device (`@entwine/places`): the dataset is fetched, and the lookup code loaded, only
 * when a name is first asked for, so the first screen and the first map do not wait for it; after that
 * every lookup is synchronous. Names are computed here, on the receiver, from the very coordinates and
 * level a partner sent — nothing about a name is ever sent, so it can tell no more than the level shows.
 */

import datasetUrl from 'virtual:entwine-places-dataset';
import type { PlaceIndex, PlaceName, Precision } from '@entwine/places';
import { shortPlaceWords } from './place-words.ts';

let loading: Promise<PlaceIndex> | undefined;
let loaded: PlaceIndex | undefined;
const waiting = new Set<() => void>();

/** Starts the load once; resolves with the index (or rejects, and a later call tries again). */
export function loadPlaceNames(): Promise<PlaceIndex> {
  loading ??= (async () => {
    const [places, response] = await Promise.all([import('@entwine/places'), fetch(datasetUrl)]);
    if (!response.ok) throw new Error(`place names: expected the dataset, got HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const index = await places.loadPlaces(async () => bytes);
    loaded = index;
    for (const wake of waiting) wake();
    waiting.clear();
    return index;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The index if it has loaded; otherwise starts loading it and answers undefined for now. */
export function placeIndexNow(): PlaceIndex | undefined {
  if (!loaded) void loadPlaceNames().catch(() => undefined);
  return loaded;
}

/** The name for a point at a level, once the names have loaded (undefined before, and for open sea). */
export function placeNameNow(lat: number, lon: number, precision: Precision): PlaceName | undefined {
  return placeIndexNow()?.nameAt(lat, lon, precision);
}

/** Calls `wake` once when the names have loaded (at once if they have); returns a cancel. */
export function whenPlaceNamesLoad(wake: () => void): () => void {
  if (loaded) {
    wake();
    return () => undefined;
  }
  waiting.add(wake);
  void loadPlaceNames().catch(() => undefined);
  return () => waiting.delete(wake);
}

/** A map label's place ("near Oerlikon", "in Zürich"), once the names have loaded. */
export function shortPlaceNow(lat: number, lon: number, precision: Precision): string | undefined {
  const name = placeNameNow(lat, lon, precision);
  return name && shortPlaceWords(name, precision);
}
