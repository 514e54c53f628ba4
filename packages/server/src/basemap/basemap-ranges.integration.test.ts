// The PMTiles archive over HTTP range requests, from a real relay on a real port: 206 for closed, open-ended
// and suffix ranges with the file's own bytes; HEAD; 200 for the whole file; If-Range with the ETag or the
// date (206) or a stale one (200, whole); 416 with `Content-Range: bytes */SIZE` and a catalogue body for
// ranges past the end or malformed; 304 on revalidation; caching headers; CORS for a listed web origin;
// and every tile read back through the maintained `pmtiles` reader fetching from the relay.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROUTES } from '@entwine/core';
import { FetchSource, PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from '../../../../e2e/support/basemap/build-test-basemap.ts';
import { pmtilesArchive } from '../../../../e2e/support/basemap/pmtiles-writer.ts';
import { startTestRelay, type TestRelay } from '../test-support/test-relay.ts';
import { BASEMAP_CACHE_CONTROL } from './basemap-plugin.ts';

const APP = 'https://app.example.org';
let dir = '';
let map: TestBasemap;
let file: Buffer;
let t: TestRelay;
let archive = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-ranges-'));
  map = buildTestBasemap(dir);
  file = readFileSync(map.pmtiles);
  t = await startTestRelay({ basemap: map.pmtiles, webOrigins: [APP] });
  archive = t.url + ROUTES.basemapArchive;
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (headers: Record<string, string> = {}, method = 'GET') => fetch(archive, { method, headers });
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('the PMTiles archive by range requests', () => {
  it('answers bytes=0-126 with 206, the header bytes, Content-Range and the caching headers', async () => {
    const res = await get({ range: 'bytes=0-126' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${file.length}`);
    expect(res.headers.get('content-length')).toBe('127');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/vnd.pmtiles');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{20}"$/);
    expect(res.headers.get('last-modified')).toBe(statSync(map.pmtiles).mtime.toUTCString());
    expect(res.headers.get('cache-control')).toBe(BASEMAP_CACHE_CONTROL);
    expect((await body(res)).equals(file.subarray(0, 127))).toBe(true);
  });

  it('answers open-ended and suffix ranges with the file’s own bytes', async () => {
    const open = await get({ range: `bytes=${file.length - 100}-` });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe(`bytes ${file.length - 100}-${file.length - 1}/${file.length}`);
    expect((await body(open)).equals(file.subarray(file.length - 100))).toBe(true);
    const suffix = await get({ range: 'bytes=-50' });
    expect(suffix.status).toBe(206);
    expect((await body(suffix)).equals(file.subarray(file.length - 50))).toBe(true);
    const clamped = await get({ range: `bytes=1000-${file.length * 10}` });
    expect(clamped.headers.get('content-range')).toBe(`bytes 1000-${file.length - 1}/${file.length}`);
    expect((await body(clamped)).equals(file.subarray(1000))).toBe(true);
  });

  it('answers the whole file with 200 without a Range, and HEAD with the same headers and no body', async () => {
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(file.length));
    expect((await body(whole)).equals(file)).toBe(true);
    const head = await get({ range: 'bytes=10-19' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('content-range')).toBe(`bytes 10-19/${file.length}`);
    expect((await body(head)).length).toBe(0);
    const headWhole = await get({}, 'HEAD');
    expect(headWhole.status).toBe(200);
    expect(headWhole.headers.get('content-length')).toBe(String(file.length));
  });

  it('keeps the range for an If-Range naming the ETag or the Last-Modified date, and sends the whole file for a stale one', async () => {
    const { headers } = await get({}, 'HEAD');
    const etag = headers.get('etag') as string;
    const date = headers.get('last-modified') as string;
    expect((await get({ range: 'bytes=0-9', 'if-range': etag })).status).toBe(206);
    expect((await get({ range: 'bytes=0-9', 'if-range': date })).status).toBe(206);
    for (const stale of ['"0123456789abcdef0123"', `W/${etag}`, 'Thu, 01 Jan 2015 00:00:00 GMT']) {
      const res = await get({ range: 'bytes=0-9', 'if-range': stale });
      expect(res.status, stale).toBe(200);
      expect((await body(res)).equals(file), stale).toBe(true);
    }
  });

  it('answers 416 with Content-Range bytes */SIZE and a catalogue error for a range past the end or malformed', async () => {
    for (const range of ['bytes=999999999-', `bytes=${file.length}-`, 'bytes=abc', 'bytes=20-10', 'bytes=-0']) {
      const res = await get({ range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${file.length}`);
      expect(await res.json(), range).toMatchObject({ code: 'ENTWINE_ERR_REQ_BAD_RANGE' });
    }
  });

  it('answers only the first range of several, as one part', async () => {
    const res = await get({ range: 'bytes=0-9,100-109' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-9/${file.length}`);
    expect((await body(res)).equals(file.subarray(0, 10))).toBe(true);
  });

  it('answers a revalidation with 304 when the ETag still matches', async () => {
    const etag = (await get({}, 'HEAD')).headers.get('etag') as string;
    const res = await get({ 'if-none-match': etag, range: 'bytes=0-9' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(etag);
    expect((await get({ 'if-none-match': '"other"', range: 'bytes=0-9' })).status).toBe(206);
  });

  it('serves many ranges at once from the one file handle, and keeps nothing of them afterwards', async () => {
    // Streams made by the FileHandle itself each left a listener on it for good (Node warned past 10).
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 15; i++) await get({ range: 'bytes=0-126' }).then(body);
      const ranges = Array.from({ length: 40 }, (_, i) => [i * 1000, i * 1000 + 999] as const).filter(([, b]) => b < file.length);
      const bodies = await Promise.all(ranges.map(([a, b]) => get({ range: `bytes=${a}-${b}` }).then(body)));
      ranges.forEach(([a, b], i) => {
        expect(bodies[i]?.equals(file.subarray(a, b + 1))).toBe(true);
      });
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('gives every tile back through the pmtiles reader fetching from the relay', async () => {
    const reader = new PMTiles(new FetchSource(archive));
    for (const tile of map.tiles) {
      const got = await reader.getZxy(tile.z, tile.x, tile.y);
      expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(tile.mvt)), `${tile.z}/${tile.x}/${tile.y}`).toBe(true);
    }
  });

  it('serves an archive with leaf directories, as regional extracts have, tile for tile', async () => {
    const leafy = join(dir, 'leafy.pmtiles');
    writeFileSync(
      leafy,
      pmtilesArchive({
        tiles: map.tiles,
        metadata: { vector_layers: [{ id: 'earth' }, { id: 'roads' }] },
        bounds: map.bounds,
        center: [map.center.lon, map.center.lat, 15],
        leafEntries: 40,
      }),
    );
    const relay = await startTestRelay({ basemap: leafy });
    try {
      const reader = new PMTiles(new FetchSource(relay.url + ROUTES.basemapArchive));
      for (const tile of map.tiles.filter((t) => t.z >= 14)) {
        const got = await reader.getZxy(tile.z, tile.x, tile.y);
        expect(Buffer.from(got?.data ?? new ArrayBuffer(0)).equals(Buffer.from(tile.mvt)), `${tile.z}/${tile.x}/${tile.y}`).toBe(true);
      }
    } finally {
      await relay.close();
    }
  });

  it('answers a listed web origin’s preflight with Range allowed, and exposes Content-Range and ETag', async () => {
    const pre = await fetch(archive, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-headers')).toContain('range');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    const res = await get({ origin: APP, range: 'bytes=0-9' });
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    for (const h of ['content-range', 'etag', 'content-length']) expect(exposed).toContain(h);
    const other = await get({ origin: 'https://evil.example', range: 'bytes=0-9' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
