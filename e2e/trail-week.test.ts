// Issue 13, acceptance 3 (decision 0014 §2), through the CLIs and `entwine start`: a recorded week at one fix
// every 10 s (7 × 8 640 fixes, the last seven UTC days, imported from GPX) shared by Alice with Bob at exact,
// Carol at street, Dave at neighbourhood and Erin at city.
// - The relay holds one chunk per bond per day, and the vault's: 7 × (4 + 1) rows, each a padded length. Bob's
//   days are sealed twice (the week imported in two interleaved halves) and the vault's five times; each row
//   is the newest revision, and it holds the whole day.
// - Bob's `entwine trail Alice --json` is exactly Alice's recorded fixes: equal to her own vault's, and to the
//   GPX to the trail's 1e-7°.
// - Carol's, Dave's and Erin's hold only cells on every day of the week (`cells-only.ts`): no fix, no
//   coordinate but a cell's centre, no fix time — and the check fails Bob's exact day (its control). No route:
//   every cell shown is one she stayed in or within its hysteresis margin (home, work), none she only drove
//   through.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AreaLevel,
  type Cell,
  CHUNK_OVERHEAD,
  cellOf,
  dayToIso,
  fromBase64url,
  gridOffset,
  hysteresisM,
  isChunkLength,
  metresOutside,
  utcDayOf,
} from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { cellsOnlyFaults } from './support/cells-only.ts';
import { bondedHub, TEST_TICK_MS } from './support/cli.ts';
import { commuteWeek, gpxOf, type TrackPoint } from './support/commute-week.ts';
import { readState } from './support/raw-client.ts';
import { type ChunkRow, chunkRows } from './support/relay-db.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('trail-week', { process: true });

const DAYS = 7;
const EVERY_MS = 10_000;
const SEED = 1307;
const AREA: Record<string, AreaLevel> = { Carol: 'street', Dave: 'neighbourhood', Erin: 'city' };

interface Fix {
  ts: number;
  lat: number;
  lon: number;
  alt?: number;
}
interface Entry {
  day: string;
  revision: string;
  level: string;
  fixes?: Fix[];
  visits?: unknown[];
}

const timed = async <T>(what: string, times: Record<string, number>, run: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const out = await run();
  times[what] = Math.round(performance.now() - t0);
  return out;
};

describe('a week of trail at one fix per 10 s', () => {
  it('one chunk per bond per day, the newest; exact is every fix, the area levels only cells', async () => {
    const times: Record<string, number> = {};
    const today = utcDayOf(Date.now());
    const first = today - (DAYS - 1);
    const week = commuteWeek({ firstDay: first, days: DAYS, everyMs: EVERY_MS, seed: SEED });
    expect(week).toHaveLength(DAYS * 8640);
    const dir = suite.root;
    const file = (name: string, points: readonly TrackPoint[]) => writeFile(join(dir, name), gpxOf(points)).then(() => join(dir, name));
    const [all, even, odd] = await Promise.all([
      file('week.gpx', week),
      file(
        'even.gpx',
        week.filter((_, i) => i % 2 === 0),
      ),
      file(
        'odd.gpx',
        week.filter((_, i) => i % 2 === 1),
      ),
    ]);

    // Alice's trail level for each partner is chosen as she says yes (`confirm --share location,trail=LEVEL`).
    const { run, home } = await timed('bond 4 partners', times, () =>
      bondedHub(suite.relay.url, 'Alice', ['Bob', ...Object.keys(AREA)], (p) => `location,trail=${AREA[p] ?? 'exact'}`),
    );
    const alice = await readState(home('Alice'));
    const bondOf = (name: string) => Object.values(alice.bonds).find((b) => b.peer.name === name)?.bondId as string;
    const rows = () => chunkRows(suite.relay.dataDir);
    const revisions = (owner: string) =>
      new Map(
        rows()
          .filter((r) => r.ownerId === owner)
          .map((r) => [r.day, r.revision]),
      );

    const halfReport = await timed('import half 1 --share Bob', times, () => run('Alice', 'import', even, '--share', 'Bob'));
    expect(halfReport).toMatch(/Read 30240 points .*: 30240 kept, 30240 new to your trail, 0 already in it\./);
    expect(halfReport).toMatch(/Sealed 14 chunks for 7 days/);
    const vaultId = rows().find((r) => r.ownerKind === 'vault')?.ownerId as string;
    const firstSeal = { bob: revisions(bondOf('Bob')), vault: revisions(vaultId) };
    expect(await timed('import half 2 --share Bob', times, () => run('Alice', 'import', odd, '--share', 'Bob'))).toMatch(
      /30240 new to your trail, 0 already in it\./,
    );
    for (const name of Object.keys(AREA)) {
      expect(await timed(`import week --share ${name}`, times, () => run('Alice', 'import', all, '--share', name))).toMatch(
        /Read 60480 points .*: 60480 kept, 0 new to your trail, 60480 already in it\.\nSealed 14 chunks for 7 days/,
      );
    }

    // The relay: one row per (owner, day) — Alice has one device — for the vault and each bond, a padded length.
    const kept = rows();
    const owners = new Map<string, ChunkRow[]>();
    for (const r of kept) owners.set(r.ownerId, [...(owners.get(r.ownerId) ?? []), r]);
    expect([...owners.keys()].sort()).toEqual([vaultId, ...['Bob', 'Carol', 'Dave', 'Erin'].map(bondOf)].sort());
    for (const [owner, list] of owners) {
      expect(
        list.map((r) => r.day),
        owner,
      ).toEqual(Array.from({ length: DAYS }, (_, i) => first + i));
      for (const r of list) expect(isChunkLength(r.body.length), `${r.body.length} B`).toBe(true);
    }
    expect(kept).toHaveLength(DAYS * 5);
    // Sealed again, each row is the newer revision (the vault's sealed five times, Bob's twice).
    for (const [owner, before] of [
      [bondOf('Bob'), firstSeal.bob],
      [vaultId, firstSeal.vault],
    ] as const) {
      for (const r of kept.filter((k) => k.ownerId === owner)) expect(r.revision).toBeGreaterThan(before.get(r.day) as bigint);
    }

    // Exact: Bob reads every fix Alice recorded, as her vault holds them and as the GPX has them (to 1e-7°).
    const range = ['--from', dayToIso(first), '--to', dayToIso(today), '--json'];
    const bob: Entry[] = JSON.parse(await timed('trail (Bob, exact)', times, () => run('Bob', 'trail', 'Alice', ...range)));
    const own: Entry[] = JSON.parse(await timed('trail (Alice, vault)', times, () => run('Alice', 'trail', ...range)));
    expect(bob.map((e) => [e.day, e.level])).toEqual(Array.from({ length: DAYS }, (_, i) => [dayToIso(first + i), 'exact']));
    const bobRows = new Map(kept.filter((r) => r.ownerId === bondOf('Bob')).map((r) => [dayToIso(r.day), r.revision.toString()]));
    expect(bob.map((e) => e.revision)).toEqual(bob.map((e) => bobRows.get(e.day)));
    const bobFixes = bob.flatMap((e) => e.fixes ?? []);
    expect(bobFixes).toEqual(own.flatMap((e) => e.fixes ?? []));
    expect(bobFixes).toHaveLength(week.length);
    const written = (v: number) => Number(v.toFixed(8));
    const off = bobFixes.flatMap((f, i) => {
      const p = week[i] as TrackPoint;
      const far = Math.max(Math.abs(f.lat - written(p.lat)), Math.abs(f.lon - written(p.lon)));
      return f.ts !== p.ts || far > 0.5e-7 + 1e-12 || Math.abs((f.alt ?? Number.NaN) - p.ele) > 0.05 + 1e-9 ? [{ i, f, p }] : [];
    });
    expect(off.slice(0, 3)).toEqual([]);

    // Area levels: only cells, on every day each partner can decrypt.
    const truth = { coarseningKey: alice.source.coarseningKey, tickMs: TEST_TICK_MS };
    const fixesOf = (day: string) => week.filter((p) => dayToIso(utcDayOf(p.ts)) === day);
    const bobDay = bob[0] as unknown as Record<string, unknown>;
    expect(cellsOnlyFaults(bobDay, 'street', { ...truth, fixes: fixesOf(bob[0]?.day as string) }), 'control: exact fails').not.toEqual([]);
    // A cell is shown once every fix over the level's dwell was in it or within its hysteresis margin h: none
    // she only drove through is. Control: snapping each fix of a day to its cell shows the drive's cells.
    const offsets = (level: AreaLevel) => gridOffset(fromBase64url(truth.coarseningKey), level);
    const onlyDrivenThrough = (cells: Cell[], level: AreaLevel, fixes: TrackPoint[]) => {
      const stays = fixes.filter((f) => !f.driving);
      const [offset, h] = [offsets(level), hysteresisM(level)];
      return cells.filter((c) => !stays.some((f) => metresOutside(f.lat, f.lon, c, level, offset) <= h));
    };
    const snapped = fixesOf(dayToIso(first)).map((f) => cellOf(f.lat, f.lon, 'street', offsets('street')));
    expect(onlyDrivenThrough(snapped, 'street', fixesOf(dayToIso(first))).length, 'control: snapping').toBeGreaterThan(0);
    const visits: Record<string, number[]> = {};
    for (const [name, level] of Object.entries(AREA)) {
      const days: Record<string, unknown>[] = JSON.parse(
        await timed(`trail (${name}, ${level})`, times, () => run(name, 'trail', 'Alice', ...range)),
      );
      expect(days.map((d) => d.day)).toEqual(Array.from({ length: DAYS }, (_, i) => dayToIso(first + i)));
      for (const d of days) {
        const fixes = fixesOf(d.day as string);
        expect(cellsOnlyFaults(d, level, { ...truth, fixes }), `${name} ${d.day}`).toEqual([]);
        const droveThrough = onlyDrivenThrough(
          (d.visits as { cell: Cell }[]).map((v) => v.cell),
          level,
          fixes,
        );
        expect(droveThrough, `${name} ${d.day}: cells only driven through`).toEqual([]);
      }
      visits[level] = days.map((d) => (d.visits as unknown[]).length);
    }
    const nameOf = (owner: string) => (owner === vaultId ? 'vault' : ['Bob', ...Object.keys(AREA)].find((n) => bondOf(n) === owner));
    const sizes = Object.fromEntries([...owners].map(([o, list]) => [nameOf(o), list.map((r) => r.body.length - CHUNK_OVERHEAD)]));
    console.log(
      `trail-week: ms per step ${JSON.stringify(times)}; visits per day ${JSON.stringify(visits)}; padded sizes ${JSON.stringify(sizes)}`,
    );
  }, 300_000);
});
