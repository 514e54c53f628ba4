/**
 * Opens and checks a PMTiles v3 archive with the maintained `pmtiles` reader, over the relay's own file
 * handle. Refused (BasemapFileError), each with what is wrong: a file shorter than its header; a magic or
 * spec version other than PMTiles v3; a header whose root directory, metadata, leaf directories or tile
 * data reach past the end of the file (a truncated copy); a root directory that does not decompress or
 * parse, or whose entries point outside the tile data or leaf directories; unreadable metadata; a first
 * tile that does not decompress; tiles that are not vector (MVT); a compression the browser's `pmtiles`
 * reader cannot undo; layers that are not the Protomaps basemap schema (protomaps-schema.ts).
 */
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ROUTES } from '@entwine/core';
import { bytesToHeader, Compression, type Entry, type Header, PMTiles, ResolvedValueCache, TileType } from 'pmtiles';
import { checkedInfo, DEFAULT_ATTRIBUTION, DEFAULT_NAME, fileVersion, formatBounds, formatBytes, type PmtilesBasemap } from './basemap.ts';
import { BasemapFileError } from './basemap-file-error.ts';
import { FileHandleSource } from './file-handle-source.ts';
import { checkProtomapsSchema } from './protomaps-schema.ts';

const HEADER_BYTES = 127;
/** The spec puts the header and root directory in the first 16 KiB, which readers fetch in one request. */
const ROOT_DIRECTORY_MAX_END = 16_384;

const COMPRESSION_NAMES: Record<number, string> = { 0: 'unknown', 1: 'none', 2: 'gzip', 3: 'brotli', 4: 'zstd' };
const TILE_TYPE_NAMES: Record<number, string> = { 0: 'unknown', 1: 'mvt', 2: 'png', 3: 'jpeg', 4: 'webp', 5: 'avif', 6: 'mlt' };
/** What the web app's `pmtiles` reader can decompress in a browser. */
const READABLE = [Compression.None, Compression.Gzip];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkExtents(fail: (p: string) => never, h: Header, size: number): void {
  const parts: [string, number, number][] = [
    ['root directory', h.rootDirectoryOffset, h.rootDirectoryLength],
    ['metadata', h.jsonMetadataOffset, h.jsonMetadataLength],
    ['leaf directories', h.leafDirectoryOffset, h.leafDirectoryLength ?? 0],
    ['tile data', h.tileDataOffset, h.tileDataLength ?? 0],
  ];
  for (const [name, offset, length] of parts) {
    if (!Number.isSafeInteger(offset + length) || offset + length > size) {
      fail(`is truncated or corrupt: its header places the ${name} at bytes ${offset}–${offset + length}, but the file has ${size} bytes`);
    }
  }
  if (h.rootDirectoryOffset < HEADER_BYTES || h.rootDirectoryOffset + h.rootDirectoryLength > ROOT_DIRECTORY_MAX_END) {
    fail('is corrupt: its root directory lies outside the first 16 KiB, where the PMTiles v3 spec puts it');
  }
}

function checkRootEntries(fail: (p: string) => never, entries: Entry[], h: Header): void {
  if (entries.length === 0) fail('is corrupt: its root directory lists no tiles');
  // Without leaf directories the root directory is every entry the header counts (0: a count the writer left unknown).
  if ((h.leafDirectoryLength ?? 0) === 0 && h.numTileEntries > 0 && entries.length !== h.numTileEntries) {
    fail(`is corrupt: its root directory lists ${entries.length} entries where its header counts ${h.numTileEntries}`);
  }
  let previous = -1;
  for (const e of entries) {
    const inside = (limit: number) => e.offset >= 0 && e.length > 0 && e.offset + e.length <= limit;
    const ok =
      Number.isSafeInteger(e.tileId) &&
      e.tileId > previous &&
      (e.runLength > 0 ? inside(h.tileDataLength ?? 0) : inside(h.leafDirectoryLength ?? 0));
    if (!ok) fail('is corrupt: its root directory has entries out of order or pointing outside the file');
    previous = e.tileId;
  }
}

export async function openPmtiles(path: string, handle: FileHandle, stat: Stats): Promise<PmtilesBasemap> {
  function fail(problem: string): never {
    throw new BasemapFileError(path, problem);
  }
  const size = stat.size;
  if (size < HEADER_BYTES) fail(`is truncated: ${size} bytes, shorter than the ${HEADER_BYTES}-byte PMTiles header`);
  const head = new Uint8Array(HEADER_BYTES);
  await handle.read(head, 0, HEADER_BYTES, 0);
  const specVersion = head[7] as number;
  if (specVersion !== 3) fail(`is PMTiles spec version ${specVersion}; Entwine reads version 3 (convert it with \`pmtiles convert\`)`);
  const header = bytesToHeader(head.buffer);
  checkExtents(fail, header, size);
  if (header.tileType !== TileType.Mvt) {
    fail(
      `holds ${TILE_TYPE_NAMES[header.tileType] ?? 'unknown'} tiles; the web app draws vector (MVT) tiles in the Protomaps basemap schema`,
    );
  }
  for (const [what, c] of [
    ['tile', header.tileCompression],
    ['internal', header.internalCompression],
  ] as const) {
    if (!READABLE.includes(c))
      fail(`uses ${COMPRESSION_NAMES[c] ?? 'unknown'} ${what} compression, which the web app cannot read (gzip or none)`);
  }

  const source = new FileHandleSource(handle, path);
  const reader = new PMTiles(source, new ResolvedValueCache(16));
  let root: Entry[] = [];
  try {
    // getHeader also decompresses and parses the root directory; getDirectory then hands it from the cache.
    await reader.getHeader();
    root = await reader.cache.getDirectory(source, header.rootDirectoryOffset, header.rootDirectoryLength, header);
  } catch (error) {
    fail(`is corrupt: its root directory does not decompress or parse (${message(error)})`);
  }
  checkRootEntries(fail, root, header);
  const first = root.find((e) => e.runLength > 0);
  if (first) {
    try {
      const tile = await source.getBytes(header.tileDataOffset + first.offset, first.length);
      await reader.decompress(tile.data, header.tileCompression);
    } catch (error) {
      fail(`is corrupt: its first tile does not decompress (${message(error)})`);
    }
  }
  let metadata: Record<string, unknown> = {};
  try {
    const parsed = await reader.getMetadata();
    if (parsed !== null && typeof parsed === 'object') metadata = parsed as Record<string, unknown>;
  } catch (error) {
    fail(`is corrupt: its metadata is not readable JSON (${message(error)})`);
  }
  const layers = Array.isArray(metadata.vector_layers)
    ? metadata.vector_layers.map((l) => String((l as { id?: unknown })?.id ?? ''))
    : undefined;
  const schema = checkProtomapsSchema(layers);
  if (!schema.ok) fail(schema.problem);

  const bounds: [number, number, number, number] = [header.minLon, header.minLat, header.maxLon, header.maxLat];
  const version = fileVersion(stat);
  const info = checkedInfo(path, {
    format: 'pmtiles',
    url: ROUTES.basemapArchive,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    bounds,
    center: [header.centerLon, header.centerLat, header.centerZoom],
    attribution: typeof metadata.attribution === 'string' ? metadata.attribution : DEFAULT_ATTRIBUTION,
    name: typeof metadata.name === 'string' ? metadata.name : DEFAULT_NAME,
    version,
  });
  return {
    format: 'pmtiles',
    path,
    info,
    summary:
      `${path} (PMTiles v3, vector mvt, zoom ${header.minZoom}–${header.maxZoom}, ${formatBytes(size)}, ` +
      `bounds ${formatBounds(bounds)})`,
    warnings: schema.warning ? [schema.warning] : [],
    etag: `"${version}"`,
    lastModified: stat.mtime,
    handle,
    size,
    close: () => handle.close(),
  };
}
