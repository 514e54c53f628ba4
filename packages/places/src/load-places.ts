/**
 * The one way in: the platform reads the dataset's bytes (the web app fetches the asset its build emitted,
 * Node reads the file), this builds the index. The dataset is a few MB, so callers load it lazily and once.
 */
import { decodePlaceTable } from './place-dataset.ts';
import { PlaceIndex } from './place-index.ts';

export async function loadPlaces(readDataset: () => Promise<Uint8Array>): Promise<PlaceIndex> {
  return PlaceIndex.fromTable(decodePlaceTable(await readDataset()));
}
