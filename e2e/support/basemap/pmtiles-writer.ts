/**
 * A small PMTiles v3 writer, for tests only. No maintained JavaScript writer exists (the `pmtiles` package
 * only reads); the maintained writers do not run here (go-pmtiles and planetiler are not in the npm or
 * Debian registries, VersaTiles' Node binding needs glibc 2.38, Debian's GDAL 3.6 predates its PMTiles
 * driver). So this writes the format from its specification (PMTiles v3, github.com/protomaps/PMTiles
 * spec/v3/spec.md), and `pmtiles-writer.test.ts` proves every archive it writes by reading each tile back
 * through the maintained `pmtiles` reader. It covers what a test map needs and no more: one root directory,
 * or (with `leafEntries`) a root of leaf directories as real regional extracts have; one entry per tile (no
 * run-lengths, no de-duplication); gzip everywhere.
 *
 * Byte layout written (all integers little-endian):
 *   0    7  "PMTiles"                     7    1  spec version = 3
 *   8    8  root directory offset          16   8  root directory length
 *   24   8  JSON metadata offset           32   8  JSON metadata length
 *   40   8  leaf directories offset        48   8  leaf directories length (0: none)
 *   56   8  tile data offset               64   8  tile data length
 *   72   8  addressed tiles                80   8  tile entries        88   8  tile contents
 *   96   1  clustered (1)                  97   1  internal compression (2 = gzip)
 *   98   1  tile compression (2 = gzip)    99   1  tile type (1 = MVT)
 *   100  1  min zoom    101  1  max zoom   102 16  min lon, min lat, max lon, max lat (int32, degrees × 1e7)
 *   118  1  centre zoom                    119  8  centre lon, centre lat (int32, degrees × 1e7)
 * then the gzipped root directory (within the first 16 384 bytes, where readers fetch it with the header),
 * the gzipped metadata JSON, and the gzipped tiles in tile-id order.
 * A directory is: varint count; the tile-id deltas; the run lengths; the lengths; the offsets, each written
 * as 0 when an entry follows the previous one directly, else offset + 1. A root entry with run length 0
 * points at a leaf directory (offset within the leaf section) instead of a tile.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export const PMTILES_HEADER_BYTES = 127;
/** Readers fetch the header and the root directory with one 16 KiB request. */
const ROOT_DIRECTORY_MAX_END = 16_384;

export interface PmtilesArchiveInput {
  /** Uncompressed MVT bytes per tile, XYZ numbering. */
  tiles: { z: number; x: number; y: number; mvt: Uint8Array }[];
  metadata: Record<string, unknown>;
  bounds: [number, number, number, number];
  center: [number, number, number];
  /** Put the tile entries in leaf directories of this many entries each, listed by the root. */
  leafEntries?: number;
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  /** 1 for a tile; 0 for a leaf directory. */
  runLength: number;
}

function serializeDirectory(entries: DirectoryEntry[]): Uint8Array {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let lastId = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

const e7 = (deg: number) => Math.round(deg * 1e7);

/** The archive's bytes. Tiles may come in any order; they are written in tile-id order (clustered). */
export function pmtilesArchive(input: PmtilesArchiveInput): Buffer {
  const sorted = input.tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const blobs = sorted.map((t) => gzipSync(t.mvt));
  const entries: DirectoryEntry[] = [];
  let offset = 0;
  sorted.forEach((t, i) => {
    const length = (blobs[i] as Buffer).length;
    entries.push({ tileId: t.tileId, offset, length, runLength: 1 });
    offset += length;
  });
  const leaves: Buffer[] = [];
  const rootEntries: DirectoryEntry[] = [];
  if (input.leafEntries === undefined) rootEntries.push(...entries);
  else {
    let leafOffset = 0;
    for (let i = 0; i < entries.length; i += input.leafEntries) {
      const part = entries.slice(i, i + input.leafEntries);
      const leaf = gzipSync(serializeDirectory(part));
      rootEntries.push({ tileId: (part[0] as DirectoryEntry).tileId, offset: leafOffset, length: leaf.length, runLength: 0 });
      leaves.push(leaf);
      leafOffset += leaf.length;
    }
  }
  const root = gzipSync(serializeDirectory(rootEntries));
  const leafData = Buffer.concat(leaves);
  const metadata = gzipSync(Buffer.from(JSON.stringify(input.metadata), 'utf8'));
  const tileData = Buffer.concat(blobs);
  if (PMTILES_HEADER_BYTES + root.length > ROOT_DIRECTORY_MAX_END) {
    throw new RangeError(
      `pmtilesArchive: expected a root directory under ${ROOT_DIRECTORY_MAX_END - PMTILES_HEADER_BYTES} bytes, got ${root.length}`,
    );
  }
  const rootOffset = PMTILES_HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset + leafData.length;
  const zooms = sorted.map((t) => t.z);

  const header = Buffer.alloc(PMTILES_HEADER_BYTES);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(rootOffset, 8);
  u64(root.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(leafOffset, 40);
  u64(leafData.length, 48);
  u64(tileDataOffset, 56);
  u64(tileData.length, 64);
  u64(sorted.length, 72);
  u64(sorted.length, 80);
  u64(sorted.length, 88);
  header.writeUInt8(1, 96); // clustered: tile data in tile-id order
  header.writeUInt8(2, 97); // internal compression: gzip
  header.writeUInt8(2, 98); // tile compression: gzip
  header.writeUInt8(1, 99); // tile type: MVT
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const [west, south, east, north] = input.bounds;
  header.writeInt32LE(e7(west), 102);
  header.writeInt32LE(e7(south), 106);
  header.writeInt32LE(e7(east), 110);
  header.writeInt32LE(e7(north), 114);
  const [lon, lat, zoom] = input.center;
  header.writeUInt8(Math.round(zoom), 118);
  header.writeInt32LE(e7(lon), 119);
  header.writeInt32LE(e7(lat), 123);
  return Buffer.concat([header, root, metadata, leafData, tileData]);
}

export function writePmtiles(path: string, input: PmtilesArchiveInput): void {
  writeFileSync(path, pmtilesArchive(input));
}
