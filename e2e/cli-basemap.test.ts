// `entwine start --basemap FILE` as an operator runs it: a good file is named on start-up with its format,
// zooms and size and is served on /v1/basemap; without the flag the start-up says there is none; a file that
// cannot be served stops the process with exit 1 and one line on stderr naming the file and what is wrong,
// and nothing listens.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API, ROUTES } from '@entwine/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from './support/basemap/build-test-basemap.ts';
import { cli, tempDir } from './support/cli.ts';
import { startRelayProcess } from './support/relay-process.ts';

let root = '';
let map: TestBasemap;
beforeAll(async () => {
  root = await tempDir('cli-basemap');
  map = buildTestBasemap(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('entwine start --basemap', () => {
  it('names the PMTiles map it serves, and serves it', async () => {
    const relay = await startRelayProcess({
      dataDir: join(root, 'data-ok'),
      logDir: join(root, 'logs'),
      tag: 'ok',
      args: ['--no-web', '--basemap', map.pmtiles],
    });
    try {
      const info = API.basemap.parse(await (await fetch(relay.url + ROUTES.basemap)).json());
      expect(info.format).toBe('pmtiles');
      const range = await fetch(relay.url + ROUTES.basemapArchive, { headers: { range: 'bytes=0-6' } });
      expect(Buffer.from(await range.arrayBuffer()).toString('latin1')).toBe('PMTiles');
    } finally {
      await relay.stop();
    }
    const out = await readFile(relay.stdoutFile, 'utf8');
    expect(out).toMatch(
      new RegExp(
        `^basemap: ${map.pmtiles.replaceAll('.', '\\.')} \\(PMTiles v3, vector mvt, zoom 0–16, \\d+\\.\\d kB, bounds [-\\d.,]+\\)$`,
        'm',
      ),
    );
  }, 90_000);

  it('names an MBTiles map, and says "none" without the flag', async () => {
    const [mb, none] = await Promise.all([
      startRelayProcess({
        dataDir: join(root, 'data-mb'),
        logDir: join(root, 'logs'),
        tag: 'mb',
        args: ['--no-web', '--basemap', map.mbtiles],
      }),
      startRelayProcess({ dataDir: join(root, 'data-none'), logDir: join(root, 'logs'), tag: 'none', args: ['--no-web'] }),
    ]);
    await Promise.all([mb.stop(), none.stop()]);
    expect(await readFile(mb.stdoutFile, 'utf8')).toMatch(/^basemap: .*test-town\.mbtiles \(MBTiles, vector pbf, zoom 0–16, /m);
    expect(await readFile(none.stdoutFile, 'utf8')).toMatch(
      /^basemap: none \(the map offers outlines or OpenStreetMap; see docs\/operations\.md\)$/m,
    );
  }, 90_000);

  it('refuses a missing, empty, text, truncated or directory basemap with exit 1 and one line, listening on nothing', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    const truncated = join(bad, 'cut.pmtiles');
    writeFileSync(truncated, readFileSync(map.pmtiles).subarray(0, 4000));
    const empty = join(bad, 'empty.pmtiles');
    writeFileSync(empty, '');
    const text = join(bad, 'readme.pmtiles');
    writeFileSync(text, 'a map, honestly\n');
    const cases: [string, RegExp][] = [
      [join(bad, 'missing.pmtiles'), /does not exist/],
      [empty, /is empty \(0 bytes\)/],
      [text, /is neither a PMTiles archive nor an MBTiles \(SQLite\) file/],
      [truncated, /is truncated or corrupt: its header places the tile data at bytes/],
      [bad, /is a directory, not a file/],
    ];
    // One process per file, two at a time: each is a full CLI start-up.
    const results: Awaited<ReturnType<typeof cli>>[] = [];
    for (let i = 0; i < cases.length; i += 2) {
      results.push(
        ...(await Promise.all(
          cases
            .slice(i, i + 2)
            .map(([file]) =>
              cli(['start', '--port', '0', '--no-web', '--data', join(root, 'data-bad'), '--basemap', file], { timeoutMs: 60_000 }),
            ),
        )),
      );
    }
    for (const [i, [file, why]] of cases.entries()) {
      const r = results[i] as Awaited<ReturnType<typeof cli>>;
      expect(r.code, file).toBe(1);
      expect(r.stdout, file).not.toContain('listening');
      const lines = r.stderr.trim().split('\n');
      expect(lines, file).toHaveLength(1);
      expect(lines[0]?.startsWith(`entwine: basemap ${file}: `), r.stderr).toBe(true);
      expect(lines[0], file).toMatch(why);
    }
  }, 120_000);
});
