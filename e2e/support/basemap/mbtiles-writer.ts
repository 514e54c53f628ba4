/**
 * An MBTiles 1.3 file for tests, written with better-sqlite3: the `metadata` table (name, format = pbf,
 * bounds, center, minzoom, maxzoom, attribution, and `json` with the `vector_layers`) and the `tiles` table
 * with gzipped MVT bytes and TMS rows (y counted from the south: tile_row = 2^z − 1 − y), as planetiler and
 * OpenMapTiles write them.
 */
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { VectorLayerInfo } from './slice-tiles.ts';

export interface MbtilesInput {
  tiles: { z: number; x: number; y: number; mvt: Uint8Array }[];
  name: string;
  attribution: string;
  bounds: [number, number, number, number];
  center: [number, number, number];
  vectorLayers: VectorLayerInfo[];
}

export function writeMbtiles(path: string, input: MbtilesInput): void {
  const db = new Database(path);
  try {
    db.exec(`
      CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE UNIQUE INDEX name ON metadata (name);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    `);
    const zooms = input.tiles.map((t) => t.z);
    const meta: Record<string, string> = {
      name: input.name,
      format: 'pbf',
      type: 'baselayer',
      version: '1',
      description: 'A test map made by e2e/support/basemap',
      attribution: input.attribution,
      bounds: input.bounds.join(','),
      center: input.center.join(','),
      minzoom: String(Math.min(...zooms)),
      maxzoom: String(Math.max(...zooms)),
      json: JSON.stringify({ vector_layers: input.vectorLayers }),
    };
    const putMeta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    const putTile = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const [k, v] of Object.entries(meta)) putMeta.run(k, v);
      for (const t of input.tiles) putTile.run(t.z, t.x, 2 ** t.z - 1 - t.y, gzipSync(t.mvt));
    })();
  } finally {
    db.close();
  }
}
