// Issue 13, acceptance 4 (decision 0014 §4), through two CLIs and a relay on a clock the test moves forward.
// Alice imports ten days (today and the nine before) and shares them with Bob at exact; then:
// - `entwine retention Bob 7` deletes the days before today − 7 at once — rows and bytes, no sweep needed — so
//   Bob, at 7 days, cannot fetch the 8th day back; a re-import shares the days it keeps and no other;
// - a day later on the relay's clock its sweep deletes the day that became the 8th back, from the file too;
// - raising to 30 brings nothing back: a re-import is refused for every day deleted;
// - ending the bond deletes every chunk of it (her vault keeps hers).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY_MS, dayToIso, utcDayOf } from '@entwine/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bondedPair } from './support/cli.ts';
import { commuteWeek, gpxOf } from './support/commute-week.ts';
import { relayForFile } from './support/relay.ts';
import { RelayClock } from './support/relay-clock.ts';
import { chunkRows, fingerprint, piecesOnDisk } from './support/relay-db.ts';

const clock = new RelayClock();
const relay = relayForFile({ tag: 'trail-retention', clock });
const DAYS = 10;

describe('retention of a shared trail', () => {
  let pair: Awaited<ReturnType<typeof bondedPair>>;
  // Bonded before the relay's clock moves: an invite's expiry is the inviter's clock, which the relay checks.
  beforeAll(async () => {
    pair = await bondedPair(relay.url);
  }, 120_000);

  it('lowering deletes at once, the window moves with the days, raising resurrects nothing, the end deletes all', async () => {
    const today = utcDayOf(Date.now());
    const first = today - (DAYS - 1);
    const file = join(relay.root, 'ten-days.gpx');
    await writeFile(file, gpxOf(commuteWeek({ firstDay: first, days: DAYS, everyMs: 2 * 3_600_000, seed: 1304 })));
    const bondId = (pair.bondsA.bonds as { bondId: string; name: string }[]).find((b) => b.name === 'Bob')?.bondId as string;
    const rowsOf = (owner: string) => chunkRows(relay.dataDir).filter((r) => r.ownerId === owner);
    const daysBack = (owner: string) => rowsOf(owner).map((r) => today - r.day);
    const bobReads = async () =>
      (JSON.parse(await pair.b('trail', 'Alice', '--from', dayToIso(first), '--to', dayToIso(today), '--json')) as { day: string }[]).map(
        (e) => today - utcDayOf(Date.parse(e.day)),
      );
    const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

    await pair.a('shield', 'Bob', 'trail', 'exact');
    const shared = await pair.a('import', file, '--share', 'Bob');
    expect(shared).toMatch(/Sealed 20 chunks for 10 days/);
    expect(shared).not.toMatch(/outside the retention/);
    expect(daysBack(bondId)).toEqual(range(9, 0));
    expect(await bobReads()).toEqual(range(9, 0));
    const vaultId = chunkRows(relay.dataDir).find((r) => r.ownerKind === 'vault')?.ownerId as string;
    const piece = new Map(rowsOf(bondId).map((r) => [today - r.day, fingerprint(r.body)]));
    const onDisk = (back: number[]) =>
      piecesOnDisk(
        relay.dataDir,
        back.map((b) => piece.get(b) as Buffer),
      );
    expect(onDisk(range(9, 0)), 'the scan finds them while they are kept').toBe(10);

    // Lowering to 7: the days before today − 7 go at once, from the rows and from the file, before any sweep.
    expect(await pair.a('retention', 'Bob', '7')).toContain('The relay now keeps the trail you share with Bob for 7 days');
    expect(daysBack(bondId)).toEqual(range(7, 0));
    expect(onDisk([9, 8])).toBe(0);
    expect(onDisk(range(7, 0))).toBe(8);
    expect(await bobReads(), 'Bob cannot fetch the 8th day back').toEqual(range(7, 0));
    expect(await pair.a('retention', 'Bob')).toContain('keeps the trail you share with Bob for 7 days.');
    // Shared again: the days it keeps (7 days back included, as the relay keeps it), none before.
    const sevenBack = rowsOf(bondId).find((r) => r.day === today - 7)?.revision as bigint;
    expect(await pair.a('import', file, '--share', 'Bob')).toMatch(/2 days are outside the retention you set for Bob: not shared\./);
    expect(rowsOf(bondId).find((r) => r.day === today - 7)?.revision).toBeGreaterThan(sevenBack);
    expect(daysBack(bondId)).toEqual(range(7, 0));

    // A day passes on the relay: its sweep deletes the day that is now the 8th back, from the file too.
    const eighth = rowsOf(bondId).find((r) => r.day === today - 7) as { body: Buffer };
    clock.advance(DAY_MS);
    await relay.sweep();
    expect(daysBack(bondId)).toEqual(range(6, 0));
    expect(piecesOnDisk(relay.dataDir, [fingerprint(eighth.body)])).toBe(0);
    expect(await bobReads()).toEqual(range(6, 0));

    // Raising to 30 brings nothing back: the relay refuses every day a retention deleted.
    await pair.a('retention', 'Bob', '30');
    expect(await pair.a('import', file, '--share', 'Bob')).toMatch(/3 days are outside the retention you set for Bob: not shared\./);
    expect(daysBack(bondId)).toEqual(range(6, 0));
    expect(await bobReads()).toEqual(range(6, 0));
    expect(onDisk([9, 8])).toBe(0);

    // Ending the bond deletes every chunk of it, rows and bytes; Alice's vault keeps her days.
    const left = rowsOf(bondId).map((r) => fingerprint(r.body));
    expect(piecesOnDisk(relay.dataDir, left)).toBe(left.length);
    await pair.a('end', 'Bob');
    expect(rowsOf(bondId)).toEqual([]);
    expect(piecesOnDisk(relay.dataDir, left)).toBe(0);
    expect(daysBack(vaultId)).toEqual(range(9, 0));
  }, 180_000);
});
