/**
 * `openBasemap(path)`: the start-up check of `entwine start --basemap FILE`. The format is told by the
 * file's first bytes ("PMTiles" or SQLite's "SQLite format 3\0"), never by its name. Anything that cannot
 * be served is a BasemapFileError naming the file and what is wrong: missing, unreadable, a directory, empty,
 * neither format, or a problem the format's own check finds (open-pmtiles.ts, open-mbtiles.ts).
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Basemap } from './basemap.ts';
import { BasemapFileError } from './basemap-file-error.ts';
import { openMbtiles } from './open-mbtiles.ts';
import { openPmtiles } from './open-pmtiles.ts';

const PMTILES_MAGIC = Buffer.from('PMTiles', 'latin1');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

export async function openBasemap(file: string): Promise<Basemap> {
  const path = resolve(file);
  const info = await stat(path).catch((error: unknown) => {
    throw new BasemapFileError(path, why(error));
  });
  if (info.isDirectory()) throw new BasemapFileError(path, 'is a directory, not a file');
  if (!info.isFile()) throw new BasemapFileError(path, 'is not a regular file');
  if (info.size === 0) throw new BasemapFileError(path, 'is empty (0 bytes)');
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new BasemapFileError(path, why(error));
  });
  try {
    const start = Buffer.alloc(16);
    const { bytesRead } = await handle.read(start, 0, 16, 0);
    const head = start.subarray(0, bytesRead);
    if (head.subarray(0, 7).equals(PMTILES_MAGIC)) return await openPmtiles(path, handle, info);
    await handle.close();
    if (head.equals(SQLITE_MAGIC)) return openMbtiles(path, info);
    // PMTiles v1 and v2 began with "PM" and a 16-bit version.
    if (head[0] === 0x50 && head[1] === 0x4d && (head[2] === 1 || head[2] === 2) && head[3] === 0) {
      throw new BasemapFileError(
        path,
        `is a PMTiles version ${head[2]} archive; Entwine reads version 3 (convert it with \`pmtiles convert\`)`,
      );
    }
    const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new BasemapFileError(path, `is neither a PMTiles archive nor an MBTiles (SQLite) file (it starts with bytes ${hex})`);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
