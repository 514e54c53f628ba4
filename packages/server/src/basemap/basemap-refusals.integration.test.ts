// A basemap that cannot be served stops the relay before it opens its store or listens, with one line naming
// the file and what is wrong: missing, a directory, empty, text, the wrong magic or version, a truncated or
// corrupt archive, an SQLite file that is no MBTiles, raster tiles, or another schema than Protomaps'. The
// good files beside them open (the control), so each refusal is the check's, not the fixture's.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from '../../../../e2e/support/basemap/build-test-basemap.ts';
import { pmtilesArchive } from '../../../../e2e/support/basemap/pmtiles-writer.ts';
import { createRelay } from '../relay.ts';
import { BasemapFileError } from './basemap-file-error.ts';

let dir = '';
let map: TestBasemap;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-bad-'));
  map = buildTestBasemap(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Starts a relay on `file` and returns the refusal's message; fails if the relay starts. */
async function refusal(file: string): Promise<string> {
  const dataDir = join(dir, `data-${n++}`);
  const started = createRelay({ dataDir, port: 0, logger: false, basemap: file });
  const error = await started.then(
    async (relay) => {
      await relay.close();
      throw new Error(`the relay started on ${file}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BasemapFileError);
  // Refused before the store was opened: nothing was written to the data directory.
  expect(existsSync(join(dataDir, 'entwine.db'))).toBe(false);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message.startsWith(`basemap ${file}: `)).toBe(true);
  return message;
}

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The test archive with `edit` applied to a copy of its bytes. */
function editedArchive(name: string, edit: (bytes: Buffer) => Buffer): string {
  return write(name, edit(Buffer.from(readFileSync(map.pmtiles))));
}

function mbtiles(name: string, setup: (db: Database.Database) => void): string {
  const path = join(dir, name);
  copyFileSync(map.mbtiles, path);
  const db = new Database(path);
  setup(db);
  db.close();
  return path;
}

describe('a basemap the relay refuses at start-up', () => {
  it('control: the test PMTiles and MBTiles files start a relay', async () => {
    for (const file of [map.pmtiles, map.mbtiles]) {
      const relay = await createRelay({ dataDir: join(dir, `ok-${n++}`), port: 0, logger: false, basemap: file });
      expect(relay.basemap?.path).toBe(file);
      await relay.close();
    }
  });

  it('a missing file, a directory, an empty file', async () => {
    expect(await refusal(join(dir, 'nowhere.pmtiles'))).toMatch(/does not exist$/);
    const folder = join(dir, 'folder.pmtiles');
    mkdirSync(folder);
    expect(await refusal(folder)).toMatch(/is a directory, not a file$/);
    expect(await refusal(write('empty.pmtiles', ''))).toMatch(/is empty \(0 bytes\)$/);
  });

  it('a text file, and a file of another kind named .pmtiles', async () => {
    expect(await refusal(write('notes.pmtiles', 'this is not a map\n'))).toMatch(
      /is neither a PMTiles archive nor an MBTiles \(SQLite\) file \(it starts with bytes 74 68 69 73 20 69 73 20\)$/,
    );
    expect(await refusal(write('photo.mbtiles', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])))).toMatch(/neither a PMTiles/);
  });

  it('the wrong magic or spec version', async () => {
    expect(await refusal(editedArchive('magic.pmtiles', (b) => b.fill(0x5a, 0, 1)))).toMatch(/neither a PMTiles archive/);
    expect(await refusal(editedArchive('v4.pmtiles', (b) => b.fill(4, 7, 8)))).toMatch(
      /is PMTiles spec version 4; Entwine reads version 3/,
    );
    const v2 = Buffer.alloc(512);
    v2.write('PM', 0, 'latin1');
    v2.writeUInt16LE(2, 2);
    expect(await refusal(write('v2.pmtiles', v2))).toMatch(/is a PMTiles version 2 archive; Entwine reads version 3 \(convert it/);
  });

  it('a truncated archive: shorter than its header, or than the extents its header gives', async () => {
    expect(await refusal(editedArchive('stub.pmtiles', (b) => b.subarray(0, 100)))).toMatch(
      /is truncated: 100 bytes, shorter than the 127-byte/,
    );
    const cut = await refusal(editedArchive('cut.pmtiles', (b) => b.subarray(0, Math.floor(b.length / 2))));
    expect(cut).toMatch(/is truncated or corrupt: its header places the tile data at bytes \d+–\d+, but the file has \d+ bytes$/);
    // Cut just past the root directory: the metadata is what is missing.
    expect(await refusal(editedArchive('cut-meta.pmtiles', (b) => b.subarray(0, 127 + Number(b.readBigUInt64LE(16)) + 3)))).toMatch(
      /places the metadata at bytes/,
    );
  });

  it('a corrupt root directory: bytes flipped inside it, or a header pointing it elsewhere', async () => {
    const flipped = await refusal(
      editedArchive('flipped.pmtiles', (b) => {
        const end = 127 + Number(b.readBigUInt64LE(16));
        for (let i = 140; i < end - 8; i++) b[i] = (b[i] as number) ^ 0xa5;
        return b;
      }),
    );
    expect(flipped).toMatch(/is corrupt: its root directory/);
    // The root directory's length pointed at the metadata's bytes instead: gzip of the wrong thing.
    const shifted = await refusal(
      editedArchive('shifted.pmtiles', (b) => {
        b.writeBigUInt64LE(b.readBigUInt64LE(24), 8);
        b.writeBigUInt64LE(b.readBigUInt64LE(32), 16);
        return b;
      }),
    );
    expect(shifted).toMatch(/is corrupt: its root directory/);
  });

  it('a root directory whose leaf entry points past the leaf directories', async () => {
    const layers = { vector_layers: [{ id: 'earth' }, { id: 'roads' }] };
    const center: [number, number, number] = [map.center.lon, map.center.lat, 14];
    const leafy = pmtilesArchive({ tiles: map.tiles, bounds: map.bounds, center, metadata: layers, leafEntries: 100 });
    // Control: the same archive as written starts a relay.
    const relay = await createRelay({ dataDir: join(dir, `ok-${n++}`), port: 0, logger: false, basemap: write('leafy.pmtiles', leafy) });
    await relay.close();
    // The header's leaf section, shortened by one byte: the last leaf entry now reaches past it.
    const short = Buffer.from(leafy);
    short.writeBigUInt64LE(short.readBigUInt64LE(48) - 1n, 48);
    expect(await refusal(write('leafy-short.pmtiles', short))).toMatch(
      /root directory has entries out of order or pointing outside the file/,
    );
  });

  it('an archive of raster tiles, and one in the OpenMapTiles schema', async () => {
    expect(await refusal(editedArchive('raster.pmtiles', (b) => b.fill(2, 99, 100)))).toMatch(
      /holds png tiles; the web app draws vector \(MVT\)/,
    );
    const omt = pmtilesArchive({
      tiles: map.tiles.slice(0, 5),
      bounds: map.bounds,
      center: [map.center.lon, map.center.lat, 14],
      metadata: { vector_layers: [{ id: 'transportation' }, { id: 'place' }, { id: 'water' }] },
    });
    expect(await refusal(write('omt.pmtiles', omt))).toMatch(/its layers \(transportation, place, water\) are the OpenMapTiles schema/);
  });

  it('SQLite files that are no vector MBTiles: no tiles table, no metadata, png tiles, OpenMapTiles layers, no tiles', async () => {
    const plain = join(dir, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    expect(await refusal(plain)).toMatch(/is an SQLite database without a `tiles` table, so not an MBTiles file$/);
    expect(await refusal(mbtiles('nometa.mbtiles', (d) => d.exec('DROP TABLE metadata')))).toMatch(/without a `metadata` table/);
    expect(await refusal(mbtiles('png.mbtiles', (d) => d.exec("UPDATE metadata SET value = 'png' WHERE name = 'format'")))).toMatch(
      /holds png tiles; the web app draws vector tiles \(format=pbf\)/,
    );
    const omtJson = JSON.stringify({ vector_layers: [{ id: 'transportation' }, { id: 'building' }] });
    expect(
      await refusal(mbtiles('omt.mbtiles', (d) => d.prepare("UPDATE metadata SET value = ? WHERE name = 'json'").run(omtJson))),
    ).toMatch(/OpenMapTiles schema/);
    expect(await refusal(mbtiles('notiles.mbtiles', (d) => d.exec('DELETE FROM tiles')))).toMatch(/has no tiles$/);
    expect(await refusal(mbtiles('badjson.mbtiles', (d) => d.exec("UPDATE metadata SET value = '{' WHERE name = 'json'")))).toMatch(
      /metadata `json` entry that is not JSON/,
    );
  });

  it('an SQLite header over garbage', async () => {
    const bytes = Buffer.alloc(8192, 0x41);
    bytes.write('SQLite format 3\0', 0, 'latin1');
    expect(await refusal(write('garbage.mbtiles', bytes))).toMatch(/not a readable SQLite database|cannot be opened as SQLite/);
  });
});
