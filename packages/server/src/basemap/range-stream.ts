/**
 * One byte range of the basemap file as a stream, read in chunks at their positions through the relay's
 * one FileHandle. Not `fs.createReadStream({ fd })`: a client that goes away mid-range (MapLibre cancels
 * tile reads on every pan and zoom) makes the server destroy the stream, and a destroyed fs stream closes
 * its descriptor even with `autoClose: false` — the relay's shared descriptor, so every later read of the
 * map failed with EBADF, or read whatever file the OS gave that number next. Destroying this stream only
 * stops the generator; the handle is the relay's for its lifetime (closed by `Basemap.close`).
 */
import { Readable } from 'node:stream';

/** The largest read per chunk: small enough that an abandoned range stops soon, large enough to be cheap. */
const CHUNK_BYTES = 64 * 1024;

export interface PositionalReader {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Bytes `start`..`end` (inclusive) of the file; stops early, without error, if the file is shorter. */
export function rangeStream(file: PositionalReader, start: number, end: number): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = start; at <= end; ) {
      const want = Math.min(CHUNK_BYTES, end - at + 1);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await file.read(buffer, 0, want, at);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      at += bytesRead;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
