// The test-only PMTiles writer is proven against the maintained reader: every tile written comes back
// byte for byte through `pmtiles`' PMTiles class (header, root directory, offsets, gzip), a tile never
// written comes back as absent, and the header and metadata say what was written.
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PMTiles, TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, TEST_ATTRIBUTION, TEST_MAX_ZOOM, TEST_MIN_ZOOM, type TestBasemap } from './build-test-basemap.ts';
import { MemorySource } from './memory-source.ts';
import { pmtilesArchive } from './pmtiles-writer.ts';

let dir = '';
let map: TestBasemap;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-'));
  map = buildTestBasemap(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the test PMTiles writer, read back by the pmtiles package', () => {
  it('gives back every tile byte for byte', async () => {
    const archive = new PMTiles(new MemorySource(readFileSync(map.pmtiles)));
    expect(map.tiles.length).toBeGreaterThan(100);
    for (const t of map.tiles) {
      const got = await archive.getZxy(t.z, t.x, t.y);
      expect(got, `${t.z}/${t.x}/${t.y}`).toBeDefined();
      expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(t.mvt)), `${t.z}/${t.x}/${t.y}`).toBe(true);
    }
  });

  it('answers absent for a tile it never wrote, inside and outside its zooms', async () => {
    const archive = new PMTiles(new MemorySource(readFileSync(map.pmtiles)));
    expect(await archive.getZxy(16, 0, 0)).toBeUndefined();
    expect(await archive.getZxy(3, 7, 7)).toBeUndefined();
    expect(await archive.getZxy(17, 0, 0)).toBeUndefined();
  });

  it('writes the header and metadata the reader reports', async () => {
    const archive = new PMTiles(new MemorySource(readFileSync(map.pmtiles)));
    const header = await archive.getHeader();
    expect(header).toMatchObject({
      specVersion: 3,
      tileType: TileType.Mvt,
      minZoom: TEST_MIN_ZOOM,
      maxZoom: TEST_MAX_ZOOM,
      numAddressedTiles: map.tiles.length,
      clustered: true,
      centerZoom: 15,
    });
    expect(header.minLon).toBeCloseTo(map.bounds[0], 6);
    expect(header.maxLat).toBeCloseTo(map.bounds[3], 6);
    expect(header.centerLat).toBeCloseTo(map.center.lat, 6);
    const metadata = (await archive.getMetadata()) as { attribution: string; vector_layers: { id: string }[] };
    expect(metadata.attribution).toBe(TEST_ATTRIBUTION);
    expect(metadata.vector_layers.map((l) => l.id)).toEqual(['earth', 'water', 'landuse', 'roads', 'places']);
  });

  it('writes offsets the reader follows when tiles come unsorted and far apart in tile-id order', async () => {
    const tiles = [
      { z: 5, x: 3, y: 9, mvt: Uint8Array.of(5, 3, 9) },
      { z: 0, x: 0, y: 0, mvt: Uint8Array.of(0) },
      { z: 14, x: 8500, y: 5800, mvt: new Uint8Array(300).fill(7) },
    ];
    const bytes = pmtilesArchive({ tiles, metadata: {}, bounds: [-180, -85, 180, 85], center: [0, 0, 0] });
    const archive = new PMTiles(new MemorySource(bytes, 'unsorted'));
    for (const t of tiles) {
      expect(Buffer.from((await archive.getZxy(t.z, t.x, t.y))?.data ?? new ArrayBuffer(0))).toEqual(Buffer.from(t.mvt));
    }
  });

  it('writes leaf directories the reader follows, as real regional extracts have', async () => {
    const bytes = pmtilesArchive({ tiles: map.tiles, metadata: {}, bounds: map.bounds, center: [0, 0, 0], leafEntries: 50 });
    expect(bytes.readBigUInt64LE(48)).toBeGreaterThan(0n); // a leaf section exists
    const archive = new PMTiles(new MemorySource(bytes, 'leaves'));
    for (const t of map.tiles) {
      const got = await archive.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(t.mvt)), `${t.z}/${t.x}/${t.y}`).toBe(true);
    }
    expect(await archive.getZxy(16, 0, 0)).toBeUndefined();
  });

  it('keeps the file small (the map is a few dozen KB, not megabytes)', () => {
    expect(readFileSync(map.pmtiles).length).toBeLessThan(1024 * 1024);
  });
});

describe('the test MBTiles writer', () => {
  it('stores every tile gzipped under its TMS row, with pbf metadata and the vector layers', async () => {
    const { gunzipSync } = await import('node:zlib');
    const db = new Database(map.mbtiles, { readonly: true });
    try {
      const get = db.prepare<[number, number, number], { tile_data: Buffer }>(
        'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
      );
      for (const t of map.tiles) {
        const row = get.get(t.z, t.x, 2 ** t.z - 1 - t.y);
        expect(row, `${t.z}/${t.x}/${t.y}`).toBeDefined();
        expect(gunzipSync(row?.tile_data ?? Buffer.alloc(0)).equals(Buffer.from(t.mvt))).toBe(true);
      }
      const meta = Object.fromEntries(
        db
          .prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata')
          .all()
          .map((r) => [r.name, r.value]),
      );
      expect(meta.format).toBe('pbf');
      expect(JSON.parse(meta.json ?? '{}').vector_layers.map((l: { id: string }) => l.id)).toContain('roads');
    } finally {
      db.close();
    }
  });
});
