// The relay keeps no record of where people look on the map: after range requests for the PMTiles archive and
// z/x/y tile requests for an MBTiles map, its log (at debug level, more than the default) carries the route
// pattern, method, status and duration of each, and no byte range, tile coordinate or Range header. The
// control: the same requests' values are found when planted in a log line, so the scan can see them.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROUTES } from '@entwine/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from '../../../../e2e/support/basemap/build-test-basemap.ts';
import { startTestRelay, type TestRelay } from '../test-support/test-relay.ts';

let dir = '';
let map: TestBasemap;
let pm: TestRelay;
let mb: TestRelay;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-logs-'));
  map = buildTestBasemap(dir);
  pm = await startTestRelay({ basemap: map.pmtiles });
  mb = await startTestRelay({ basemap: map.mbtiles });
});
afterAll(async () => {
  await Promise.all([pm?.close(), mb?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Every value of every log line except its timestamp, which could hold any digits by chance. */
function loggedText(lines: string[]): string {
  return lines
    .map((l) => {
      const { time: _time, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    })
    .join('\n');
}

function secretsOf(ranges: [number, number][], tiles: TestBasemap['tiles']): string[] {
  return [
    'bytes=',
    'range',
    ...ranges.flatMap(([a, b]) => [`${a}-${b}`, String(a), String(b)]),
    ...tiles.flatMap((t) => [`${t.z}/${t.x}/${t.y}`, String(t.x), String(t.y)]),
  ];
}

describe('basemap requests in the relay log', () => {
  // Distinctive numbers: byte positions and tile columns/rows of five digits, found nowhere else in a log.
  const ranges: [number, number][] = [
    [31337, 41414],
    [12345, 23456],
  ];

  it('name the route and status, never the range asked or the tile', async () => {
    const tiles = map.tiles.filter((t) => t.z === 16).slice(0, 6);
    for (const [a, b] of ranges) {
      const res = await fetch(pm.url + ROUTES.basemapArchive, { headers: { range: `bytes=${a}-${b}` } });
      expect(res.status).toBe(206);
      await res.arrayBuffer();
    }
    for (const t of tiles) {
      const url = mb.url + ROUTES.basemapTiles.replace('{z}', `${t.z}`).replace('{x}', `${t.x}`).replace('{y}', `${t.y}`);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // A refused range and a tile outside the grid: refusals are logged the same way.
    expect((await fetch(pm.url + ROUTES.basemapArchive, { headers: { range: 'bytes=99999999-' } })).status).toBe(416);
    expect((await fetch(`${mb.url}/basemap/tiles/16/99999/99999.mvt`)).status).toBe(404);
    await pm.relay.close();
    await mb.relay.close();

    const text = loggedText([...pm.logs, ...mb.logs]);
    for (const secret of [...secretsOf(ranges, tiles), '99999999', '99999']) expect(text, secret).not.toContain(secret);
    const requests = [...pm.logs, ...mb.logs].map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    const seen = new Set(requests.map((l) => `${l.method} ${l.route} ${l.status}`));
    expect(seen).toContain('GET /basemap/archive.pmtiles 206');
    expect(seen).toContain('GET /basemap/archive.pmtiles 416');
    expect(seen).toContain('GET /basemap/tiles/:z/:x/:y.mvt 200');
    expect(seen).toContain('GET /basemap/tiles/:z/:x/:y.mvt 404');
  });

  it('control: the scan finds a range and a tile planted in a log line', () => {
    const tile = map.tiles.find((t) => t.z === 16) as TestBasemap['tiles'][number];
    const planted = JSON.stringify({
      time: 1,
      msg: 'request',
      url: `/basemap/tiles/${tile.z}/${tile.x}/${tile.y}.mvt`,
      range: 'bytes=31337-41414',
    });
    const text = loggedText([planted]);
    expect(secretsOf(ranges, [tile]).filter((s) => text.includes(s)).length).toBeGreaterThanOrEqual(5);
  });
});
