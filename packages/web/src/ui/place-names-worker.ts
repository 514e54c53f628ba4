/**
 * The place-name dataset, fetched, decoded and indexed off the page's main thread (a few hundred ms of
 * CPU that would otherwise stall taps and the map): gets the dataset's URL, answers with the index as a
 * snapshot whose buffers are moved, not copied (`@entwine/places` `snapshotBuffers`), then is done.
 */
import { loadPlaces, type PlaceIndexSnapshot, snapshotBuffers } from '@entwine/places';

export type PlaceNamesReply = { ok: true; snapshot: PlaceIndexSnapshot } | { ok: false; error: string };

/** The little of a dedicated worker's global this uses (the app compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<string>) => void) | null;
  postMessage(message: PlaceNamesReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void (async () => {
    try {
      const response = await fetch(event.data);
      if (!response.ok) throw new Error(`place names: expected the dataset, got HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const snapshot = (await loadPlaces(async () => bytes)).snapshot();
      scope.postMessage({ ok: true, snapshot }, snapshotBuffers(snapshot));
    } catch (error) {
      scope.postMessage({ ok: false, error: String(error) });
    }
  })();
};
