/**
 * Opens and checks an MBTiles file (SQLite, read-only) for z/x/y serving. Refused (BasemapFileError): a file
 * SQLite cannot read; no `tiles` table (or view) with the MBTiles columns; no `metadata` table; a `format`
 * other than `pbf` (raster tiles, which the web app's style does not draw); no tiles at all; a `json` entry
 * that is not JSON; layers that are not the Protomaps basemap schema (protomaps-schema.ts). MBTiles counts
 * rows from the south (TMS); `tile()` takes XYZ numbering, as MapLibre asks.
 */
import type { Stats } from 'node:fs';
import { ROUTES } from '@entwine/core';
import Database from 'better-sqlite3';
import { checkedInfo, DEFAULT_ATTRIBUTION, DEFAULT_NAME, fileVersion, formatBounds, formatBytes, type MbtilesBasemap } from './basemap.ts';
import { BasemapFileError } from './basemap-file-error.ts';
import { checkProtomapsSchema } from './protomaps-schema.ts';

/** Web Mercator's latitude limit: the bounds of a file that names none. */
const WORLD: [number, number, number, number] = [-180, -85.0511, 180, 85.0511];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function numbers(value: string | undefined, count: number): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => Number(p.trim()));
  return parts.length === count && parts.every(Number.isFinite) ? parts : undefined;
}

export function openMbtiles(path: string, stat: Stats): MbtilesBasemap {
  function fail(problem: string): never {
    throw new BasemapFileError(path, problem);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    fail(`cannot be opened as SQLite (${message(error)})`);
  }
  try {
    let names: Set<string>;
    try {
      names = new Set(
        db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
          .all()
          .map((r) => r.name),
      );
    } catch (error) {
      fail(`is not a readable SQLite database (${message(error)})`);
    }
    if (!names.has('tiles')) fail('is an SQLite database without a `tiles` table, so not an MBTiles file');
    if (!names.has('metadata')) fail('is an SQLite database without a `metadata` table, so not an MBTiles file');
    let get: Database.Statement<[number, number, number], { tile_data: Buffer }>;
    let meta: Record<string, string>;
    let any: unknown;
    try {
      get = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
      any = db.prepare('SELECT 1 FROM tiles LIMIT 1').get();
      meta = Object.fromEntries(
        db
          .prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata')
          .all()
          .map((r) => [String(r.name), String(r.value)]),
      );
    } catch (error) {
      fail(`has tiles or metadata tables without the MBTiles columns (${message(error)})`);
    }
    if (meta.format !== 'pbf') {
      fail(
        meta.format === undefined
          ? 'names no tile format in its metadata (MBTiles 1.3 requires one; vector tiles are format=pbf)'
          : `holds ${meta.format} tiles; the web app draws vector tiles (format=pbf) in the Protomaps basemap schema`,
      );
    }
    if (any === undefined) fail('has no tiles');
    let layers: string[] | undefined;
    if (meta.json !== undefined) {
      try {
        const json = JSON.parse(meta.json) as { vector_layers?: { id?: unknown }[] };
        layers = Array.isArray(json.vector_layers) ? json.vector_layers.map((l) => String(l?.id ?? '')) : undefined;
      } catch (error) {
        fail(`has a metadata \`json\` entry that is not JSON (${message(error)})`);
      }
    }
    const schema = checkProtomapsSchema(layers);
    if (!schema.ok) fail(schema.problem);

    const zooms =
      numbers(`${meta.minzoom},${meta.maxzoom}`, 2) ??
      (() => {
        const row = db.prepare<[], { lo: number; hi: number }>('SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles').get();
        return [row?.lo ?? 0, row?.hi ?? 0];
      })();
    const [minzoom = 0, maxzoom = 0] = zooms;
    const bounds = (numbers(meta.bounds, 4) as [number, number, number, number] | undefined) ?? WORLD;
    const center = numbers(meta.center, 3) as [number, number, number] | undefined;
    const version = fileVersion(stat);
    const info = checkedInfo(path, {
      format: 'mbtiles',
      tiles: [ROUTES.basemapTiles],
      minzoom,
      maxzoom,
      bounds,
      ...(center ? { center } : {}),
      attribution: meta.attribution ?? DEFAULT_ATTRIBUTION,
      name: meta.name ?? DEFAULT_NAME,
      version,
    });
    const open = db;
    return {
      format: 'mbtiles',
      path,
      info,
      summary: `${path} (MBTiles, vector pbf, zoom ${minzoom}–${maxzoom}, ${formatBytes(stat.size)}, bounds ${formatBounds(info.bounds)})`,
      warnings: schema.warning ? [schema.warning] : [],
      etag: `"${version}"`,
      lastModified: stat.mtime,
      tile(z, x, y) {
        return get.get(z, x, 2 ** z - 1 - y)?.tile_data;
      },
      async close() {
        open.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
