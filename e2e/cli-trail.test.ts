// The trail through the CLI (issue 13, decision 0014): Alice shares a few fixes, seals the day, and Bob's
// `entwine trail Alice --json` returns exactly her fixes while her trail level is exact — and only cells, with
// no coordinate of hers, once it is neighbourhood. Her own `entwine trail` reads her vault.
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

    const text = await readFile(walk, 'utf8');
    const cut = join(await tempDir('cut'), 'cut.gpx');
    await writeFile(cut, text.slice(0, text.indexOf('<trkpt', text.length / 2) + 30));
    const partial = await pair.a('import', cut);
    expect(partial).toMatch(/The file breaks at character \d+ \(line \d+, column \d+\)/);
    expect(partial).toMatch(/0 new to your trail/); // what came before the cut was imported already
  }, 120_000);
});
