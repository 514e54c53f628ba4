/**
 * The file formats `entwine import` reads, by file name ending. Adding a format is adding its parser
 * (a `FixParser`, `fix-source.ts`) here; nothing else in the pipeline changes.
 */
import type { ImportFormat } from './fix-source.ts';
import { gpxFixParser } from './gpx-stream.ts';
import { owntracksRecParser } from './owntracks-rec.ts';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  { name: 'gpx', extensions: ['.gpx'], parser: gpxFixParser },
  { name: 'owntracks', extensions: ['.rec'], parser: owntracksRecParser },
];

/** The format a file name says (by its ending, any case), or undefined. */
export function importFormatFor(fileName: string): ImportFormat | undefined {
  const name = fileName.toLowerCase();
  return IMPORT_FORMATS.find((f) => f.extensions.some((ext) => name.endsWith(ext)));
}
