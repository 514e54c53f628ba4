/**
 * Why a basemap file cannot be served, found at start-up: one line that names the file and what is wrong
 * with it, so `entwine start` can print it and stop before anything listens.
 */
export class BasemapFileError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`basemap ${path}: ${problem}`);
    this.name = 'BasemapFileError';
    this.path = path;
  }
}
