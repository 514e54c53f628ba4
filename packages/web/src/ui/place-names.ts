/**
 * Place names on this device (`@entwine/places`): the dataset is fetched, and the lookup code loaded, only
 * when a position is first to be named, and then only once the page is idle (or after 2 s), so the first
 * screen and the first map neither wait for it nor share the network with it. A worker
 * (`place-names-worker.ts`) fetches and decodes it (a few hundred ms of CPU off the main thread); after
 * that every lookup is synchronous. Names are computed here, on the receiver, from the very coordinates
 * and level a partner sent — nothing about a name is ever sent, so it can tell no more than the level
 * shows. `loadPlaceNames()` loads at once, for a caller that needs the places themselves (city dots on
 * the offline map: `(await loadPlaceNames()).localitiesWithin(bounds, { limit })`).
 */

import datasetUrl from 'virtual:entwine-places-dataset';
import type { PlaceIndex, PlaceIndexSnapshot, PlaceName, Precision } from '@entwine/places';
import type { PlaceNamesReply } from './place-names-worker.ts';
import { shortPlaceWords } from './place-words.ts';

let loading: Promise<PlaceIndex> | undefined;
let loaded: PlaceIndex | undefined;
const waiting = new Set<() => void>();

/** Starts the load once; resolves with the index (or rejects, and a later call tries again). */
export function loadPlaceNames(): Promise<PlaceIndex> {
  loading ??= (async () => {
    const [places, snapshot] = await Promise.all([import('@entwine/places'), indexInWorker()]);
    const index = places.PlaceIndex.fromSnapshot(snapshot);
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

/** Fetches, decodes and indexes the dataset in a worker of its own, which ends once it answered. */
function indexInWorker(): Promise<PlaceIndexSnapshot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./place-names-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<PlaceNamesReply>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.snapshot);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`place names: the worker failed (${event.message})`));
    };
    worker.postMessage(new URL(datasetUrl, location.href).href);
  });
}

let scheduled = false;

/** Starts the load when the page is next idle, once. */
function loadWhenIdle(): void {
  if (loaded || loading || scheduled) return;
  scheduled = true;
  const start = () => {
    scheduled = false;
    void loadPlaceNames().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 500);
}

/** The index if it has loaded, without starting a load. */
export function loadedPlaceIndex(): PlaceIndex | undefined {
  return loaded;
}

/** The index if it has loaded; otherwise starts loading it (when the page is idle) and answers undefined for now. */
export function placeIndexNow(): PlaceIndex | undefined {
  if (!loaded) loadWhenIdle();
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
  loadWhenIdle();
  return () => waiting.delete(wake);
}

/** A map label's place ("near Oerlikon", "in Zürich"), once the names have loaded. */
export function shortPlaceNow(lat: number, lon: number, precision: Precision): string | undefined {
  const name = placeNameNow(lat, lon, precision);
  return name && shortPlaceWords(name, precision);
}
