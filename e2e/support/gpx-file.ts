/**
 * GPX files for import tests, written as a stream: points come from an iterable and go out in pieces with
 * the write stream's backpressure respected, so a file of a million points never sits in the test's memory.
 * One point per line (point k on line k + 4). `render` may write a point differently (a broken tag, a
 * bad time); `mark` asks where given points start (their byte offset, which is also their character offset:
 * the text is ASCII).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface GpxTrackPoint {
  /** Unix ms. */
  time: number;
  lat: number;
  lon: number;
  /** Metres. */
  ele?: number;
}

/** A point as GPX 1.1 writes it, at the 1e-7° the trail keeps. */
export function trkpt(p: GpxTrackPoint): string {
  const ele = p.ele === undefined ? '' : `<ele>${p.ele}</ele>`;
  return `<trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}">${ele}<time>${new Date(p.time).toISOString()}</time></trkpt>`;
}

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="entwine-e2e" xmlns="http://www.topografix.com/GPX/1/1">\n<trk><trkseg>\n';
const TAIL = '</trkseg></trk>\n</gpx>\n';

export async function writeGpx(
  path: string,
  points: Iterable<GpxTrackPoint>,
  opts: { render?: (p: GpxTrackPoint, index: number) => string; mark?: readonly number[] } = {},
): Promise<{ bytes: number; points: number; offsets: Map<number, number> }> {
  const render = opts.render ?? trkpt;
  const marked = new Set(opts.mark ?? []);
  const offsets = new Map<number, number>();
  const out = createWriteStream(path);
  let bytes = 0;
  let piece = HEAD;
  const flush = async () => {
    bytes += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
    piece = '';
  };
  let index = 0;
  for (const p of points) {
    if (marked.has(index)) offsets.set(index, bytes + piece.length);
    piece += `${render(p, index)}\n`;
    index++;
    if (piece.length >= 64 * 1024) await flush();
  }
  piece += TAIL;
  await flush();
  out.end();
  await once(out, 'close');
  return { bytes, points: index, offsets };
}
