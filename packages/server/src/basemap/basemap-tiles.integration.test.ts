// An MBTiles basemap served as z/x/y tiles, and `GET /v1/basemap` for each format and for none: a stored
// tile comes back with its own bytes, gzip-encoded when stored gzipped and the client takes gzip (and
// unzipped for one that does not); a tile the file lacks is 204; coordinates outside the grid are 404;
// the info names the file's zooms, bounds and version, and a relay without a map answers BASEMAP_NONE.

import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { API, ROUTES } from '@entwine/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestBasemap,
  TEST_ATTRIBUTION,
  TEST_MAP_NAME,
  TEST_MAX_ZOOM,
  TEST_MIN_ZOOM,
  type TestBasemap,
} from '../../../../e2e/support/basemap/build-test-basemap.ts';
import { startTestRelay, type TestRelay } from '../test-support/test-relay.ts';
import { BASEMAP_CACHE_CONTROL } from './basemap-plugin.ts';

let dir = '';
let map: TestBasemap;
let mb: TestRelay;
let pm: TestRelay;
let none: TestRelay;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-tiles-'));
  map = buildTestBasemap(dir);
  mb = await startTestRelay({ basemap: map.mbtiles });
  pm = await startTestRelay({ basemap: map.pmtiles });
  none = await startTestRelay();
});
afterAll(async () => {
  await Promise.all([mb?.close(), pm?.close(), none?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const tileUrl = (z: number, x: number, y: number) =>
  mb.url + ROUTES.basemapTiles.replace('{z}', `${z}`).replace('{x}', `${x}`).replace('{y}', `${y}`);

/** The raw response, no decoding (fetch would unzip a gzip body without saying so). */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('MBTiles tiles', () => {
  it('sends a stored tile as gzip with Content-Encoding, its bytes being the tile', async () => {
    const tiles = map.tiles.filter((t) => t.z === 15);
    expect(tiles.length).toBeGreaterThan(0);
    for (const tile of tiles) {
      const res = await raw(tileUrl(tile.z, tile.x, tile.y), { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(res.headers['cache-control']).toBe(BASEMAP_CACHE_CONTROL);
      expect(res.headers.vary).toContain('accept-encoding');
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{20}-gzip"$/);
      expect(gunzipSync(res.body).equals(Buffer.from(tile.mvt))).toBe(true);
    }
  });

  it('unzips for a client that does not take gzip, under another ETag', async () => {
    const tile = map.tiles.find((t) => t.z === 16) as TestBasemap['tiles'][number];
    for (const accept of ['identity', 'gzip;q=0']) {
      const res = await raw(tileUrl(tile.z, tile.x, tile.y), { 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(Buffer.from(tile.mvt))).toBe(true);
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{20}"$/);
    }
  });

  it('answers 304 to a revalidation, 204 for a tile the file lacks, 404 outside the grid', async () => {
    const tile = map.tiles.find((t) => t.z === 14) as TestBasemap['tiles'][number];
    const first = await raw(tileUrl(tile.z, tile.x, tile.y), { 'accept-encoding': 'gzip' });
    const again = await raw(tileUrl(tile.z, tile.x, tile.y), { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    const missing = await fetch(tileUrl(16, 0, 0));
    expect(missing.status).toBe(204);
    expect(missing.headers.get('cache-control')).toBe(BASEMAP_CACHE_CONTROL);
    for (const [z, x, y] of [
      [3, 8, 0],
      [3, 0, 8],
      [31, 0, 0],
    ] as const) {
      const res = await fetch(tileUrl(z, x, y));
      expect(res.status, `${z}/${x}/${y}`).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'ENTWINE_ERR_REQ_NOT_FOUND' });
    }
    expect((await fetch(`${mb.url}/basemap/tiles/1/0/x.mvt`)).status).toBe(404);
  });
});

describe('GET /v1/basemap', () => {
  it('names the MBTiles template, zooms, bounds, centre, attribution and version', async () => {
    const res = await fetch(mb.url + ROUTES.basemap);
    expect(res.status).toBe(200);
    const info = API.basemap.parse(await res.json());
    expect(info).toMatchObject({
      format: 'mbtiles',
      tiles: [ROUTES.basemapTiles],
      minzoom: TEST_MIN_ZOOM,
      maxzoom: TEST_MAX_ZOOM,
      attribution: TEST_ATTRIBUTION,
      name: TEST_MAP_NAME,
    });
    expect(info.url).toBeUndefined();
    info.bounds.forEach((b, i) => {
      expect(b).toBeCloseTo(map.bounds[i] as number, 6);
    });
    expect(info.center?.[1]).toBeCloseTo(map.center.lat, 6);
    expect(info.version).toMatch(/^[0-9a-f]{20}$/);
  });

  it('names the PMTiles archive, whose ETag is the version', async () => {
    const info = API.basemap.parse(await (await fetch(pm.url + ROUTES.basemap)).json());
    expect(info).toMatchObject({ format: 'pmtiles', url: ROUTES.basemapArchive, minzoom: TEST_MIN_ZOOM, maxzoom: TEST_MAX_ZOOM });
    expect(info.tiles).toBeUndefined();
    const head = await fetch(pm.url + ROUTES.basemapArchive, { method: 'HEAD' });
    expect(head.headers.get('etag')).toBe(`"${info.version}"`);
  });

  it('answers 404 ENTWINE_ERR_BASEMAP_NONE on a relay without a map, whose tile paths are plain 404s', async () => {
    const res = await fetch(none.url + ROUTES.basemap);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'ENTWINE_ERR_BASEMAP_NONE' });
    expect((await fetch(none.url + ROUTES.basemapArchive)).status).toBe(404);
    expect((await fetch(`${none.url}/basemap/tiles/0/0/0.mvt`)).status).toBe(404);
    // A PMTiles relay has no tile route, and an MBTiles relay no archive.
    expect((await fetch(`${pm.url}/basemap/tiles/0/0/0.mvt`)).status).toBe(404);
    expect((await fetch(mb.url + ROUTES.basemapArchive)).status).toBe(404);
  });
});
