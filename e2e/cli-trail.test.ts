// The trail through the CLI (issue 13, decision 0014): Alice shares a few fixes, seals the day, and Bob's
// `entwine trail Alice --json` returns exactly her fixes while her trail level is exact — and only cells, with
// no coordinate of hers, once it is neighbourhood. Her own `entwine trail` reads her vault. A GPX replayed with
// its times gives the day's stays and trips (decision 0017): exact in her vault, cells and times for Bob.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellsOnlyFaults } from './support/cells-only.ts';
import { bondedPair, REPO, TEST_TICK_MS, tempDir } from './support/cli.ts';
import { readState } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('cli-trail');

const FIXES = [
  { lat: 47.3769, lon: 8.5417, acc: 6 },
  { lat: 47.378, lon: 8.543, acc: 5 },
  { lat: 47.3791, lon: 8.5446 },
];

describe('entwine trail', () => {
  it("a partner reads exactly the sealed fixes at exact, and only cells at neighbourhood; one's own from the vault", async () => {
    const pair = await bondedPair(suite.relay.url);
    await pair.a('shield', 'Bob', 'trail', 'exact');
    for (const [i, f] of FIXES.entries()) {
      const args = ['share', '--lat', String(f.lat), '--lon', String(f.lon), ...(f.acc ? ['--acc', String(f.acc)] : [])];
      const out = await pair.a(...args, ...(i === FIXES.length - 1 ? ['--seal'] : []));
      if (i === FIXES.length - 1) expect(out).toMatch(/Sealed 2 trail chunks/);
    }
    const days = JSON.parse(await pair.b('trail', 'Alice', '--json'));
    expect(days).toHaveLength(1);
    expect(days[0].level).toBe('exact');
    expect(
      days[0].fixes.map((f: { lat: number; lon: number; acc?: number }) => ({ lat: f.lat, lon: f.lon, ...(f.acc ? { acc: f.acc } : {}) })),
    ).toEqual(FIXES);
    const own = JSON.parse(await pair.a('trail', '--json'));
    expect(own.map((d: { fixes: unknown[] }) => d.fixes.length)).toEqual([3]);

    await pair.a('shield', 'Bob', 'trail', 'neighbourhood');
    await pair.a('share', '--lat', '47.38', '--lon', '8.546', '--seal');
    const coarse = JSON.parse(await pair.b('trail', 'Alice', '--json'));
    expect(coarse).toHaveLength(1);
    expect(coarse[0].level).toBe('neighbourhood');
    expect(coarse[0].fixes).toBeUndefined();
    // Only cells: no field but the visits, each a cell, its centre and two ticks (a substring search for her
    // coordinates failed whenever a cell centre such as 8.54395 began with one of them, 8.543).
    const truth = { fixes: [...FIXES, { lat: 47.38, lon: 8.546 }], coarseningKey: (await readState(pair.homeA)).source.coarseningKey };
    expect(cellsOnlyFaults(coarse[0], 'neighbourhood', { ...truth, tickMs: TEST_TICK_MS })).toEqual([]);
    const printed = await pair.b('trail', 'Alice');
    expect(printed).toMatch(/neighbourhood +\d+ cell visits? \(no route/);
  }, 120_000);

  it('entwine import: the file’s own times into the vault, a rerun adds nothing, a cut file keeps what came before', async () => {
    const pair = await bondedPair(suite.relay.url);
    await pair.a('shield', 'Bob', 'trail', 'exact');
    const walk = join(REPO, 'e2e/fixtures/walk.gpx');
    const first = await pair.a('import', walk, '--share', 'Bob');
    expect(first).toMatch(/Read 12 points .*12 kept, 12 new to your trail, 0 already in it\./);
    // The walk is from 2026-06-01: far outside the 30 days Bob may look back on by default.
    expect(first).toMatch(/1 day is outside the retention you set for Bob: not shared\./);
    expect(await pair.a('import', walk)).toMatch(/12 kept, 0 new to your trail, 12 already in it\./);
    const [day] = JSON.parse(await pair.a('trail', '--day', '2026-06-01', '--json'));
    expect(day.fixes).toHaveLength(12);
    expect(day.fixes[0]).toMatchObject({ ts: Date.parse('2026-06-01T08:00:00Z'), lat: 47.37, lon: 8.54, alt: 408 });
    expect(JSON.parse(await pair.b('trail', 'Alice', '--day', '2026-06-01', '--json'))).toEqual([]);
    // A minute's ride is no stay: the day lists none, and one trip with its distance.
    expect(await pair.a('trail', '--day', '2026-06-01')).toMatch(
      /\n {2}0 stays\n {2}1 trip:\n.*\n {4}08:00Z {2}08:00Z {2}1 min +\w+ +\d+ m\n/,
    );
    // Dawarich's OsmAnd sample (three short recordings, decision 0015): no stay, one trip of 5 083.5 m.
    await pair.a('import', join(REPO, 'packages/core/test/fixtures/dawarich/gpx_track_multiple_segments.gpx'));
    const osmand = await pair.a('trail', '--day', '2024-04-21');
    expect(osmand).toMatch(/\n {2}0 stays\n {2}1 trip:\n.*\n {4}09:07Z {2}10:46Z {2}1 h 39 min +\w+ +5\.1 km\n/);

    const text = await readFile(walk, 'utf8');
    const cut = join(await tempDir('cut'), 'cut.gpx');
    await writeFile(cut, text.slice(0, text.indexOf('<trkpt', text.length / 2) + 30));
    const partial = await pair.a('import', cut);
    expect(partial).toMatch(/The file breaks at character \d+ \(line \d+, column \d+\)/);
    expect(partial).toMatch(/0 new to your trail/); // what came before the cut was imported already
  }, 120_000);

  it('a GPX replayed with its times: `entwine trail --day` shows its stays and trips; a partner at neighbourhood gets cells', async () => {
    const pair = await bondedPair(suite.relay.url);
    await pair.a('shield', 'Bob', 'trail', 'neighbourhood');
    // Yesterday (UTC), inside the 30 days Bob may look back on: an hour at home, a 20-minute walk, 1 h 40 at work.
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const at = (h: number, m: number, s = 0) =>
      `${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}Z`;
    const home = { lat: 47.3769, lon: 8.5417 };
    const work = { lat: 47.39, lon: 8.53 };
    const points: string[] = [];
    const pt = (lat: number, lon: number, time: string) =>
      points.push(`<trkpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><time>${time}</time></trkpt>`);
    for (let m = 0; m <= 60; m++) pt(home.lat + (m % 2) * 2e-5, home.lon, at(6 + Math.floor(m / 60), m % 60));
    for (let i = 1; i < 80; i++) {
      const f = i / 80;
      const s = 60 * 60 + i * 15;
      pt(
        home.lat + (work.lat - home.lat) * f,
        home.lon + (work.lon - home.lon) * f,
        at(6 + Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60),
      );
    }
    for (let m = 20; m <= 120; m++) pt(work.lat + (m % 2) * 2e-5, work.lon, at(7 + Math.floor(m / 60), m % 60));
    const gpx = join(await tempDir('day'), 'day.gpx');
    await writeFile(
      gpx,
      `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`,
    );
    expect(await pair.a('import', gpx, '--share', 'Bob')).toMatch(/Read 241 points/);

    const printed = await pair.a('trail', '--day', day);
    expect(printed).toMatch(/ 2 stays:\n/);
    expect(printed).toMatch(/06:00Z +07:0\dZ +1 h 0\d min +\d\.\d\d +near [^\n]*Zürich, CH \(nearest named place\)/);
    expect(printed).toMatch(/07:(19|20)Z +09:00Z +1 h 4\d min +\d\.\d\d +near [^\n]*Zürich, CH \(nearest named place\)/);
    expect(printed).toMatch(/ 1 trip:\n +from +to +duration +mode +distance\n +07:0\dZ +07:(19|20)Z +\d+ min +walk +1\.\d km/);
    const [own] = JSON.parse(await pair.a('trail', '--day', day, '--json'));
    expect(own.stays).toHaveLength(2);
    expect(own.stays[0]).toMatchObject({ radiusM: expect.any(Number), place: { source: 'nearest' } });
    expect(own.trips).toEqual([expect.objectContaining({ mode: 'walk', distanceM: expect.any(Number) })]);

    const [bobs] = JSON.parse(await pair.b('trail', 'Alice', '--day', day, '--json'));
    expect(bobs.level).toBe('neighbourhood');
    expect(bobs.stays).toHaveLength(2);
    const shown = new Set(bobs.visits.map((v: { cell: { row: number; col: number } }) => `${v.cell.row}/${v.cell.col}`));
    for (const s of bobs.stays) {
      expect(Object.keys(s).sort()).toEqual(['cell', 'confidence', 'end', 'place', 'start']);
      expect(shown.has(`${s.cell.row}/${s.cell.col}`)).toBe(true);
    }
    for (const t of bobs.trips) expect(t.distanceM).toBeUndefined();
    expect(await pair.b('trail', 'Alice', '--day', day)).toMatch(/somewhere in [^\n]*\(nearest named place\)/);
  }, 120_000);
});
