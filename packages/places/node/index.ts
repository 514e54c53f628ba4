/** @entwine/places/node — the Node side: the dataset built from the package's data file. */
export { allTheCitiesFile, datasetFromPackage, loadPlacesFromPackage } from './dataset-from-package.ts';
