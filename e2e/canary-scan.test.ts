// Acceptance 3 (issue 3), 4 (issue 6) and 6 (issue 13): after an end-to-end run with canary coordinates, a
// canary name, a canary mood note, a canary thought, a photo of random pixels and a canary route imported from
// GPX (sealed into the vault and, at trail exact, for the partner: day chunks), no byte the relay wrote —
// database, -wal, -shm, logs, stdout/stderr — holds any of them in any encoding we know of.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY_MS, dayStartMs, dayToIso, encodeTrailDay, type TrailFix, utcDayOf } from '@entwine/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryNeedles, filesUnder, scanFiles, withEncodings } from './support/canary.ts';
import { spawnCli, tempDir } from './support/cli.ts';
import { type GpxTrackPoint, writeGpx } from './support/gpx-file.ts';
import { noisePng } from './support/noise-png.ts';
import { relayWithTwoHomes } from './support/scanned-relay.ts';

// Digits chosen to be unlikely anywhere else; the name is not a word.
const LAT = 47.3769183746;
const LON = 8.5417293651;
const NAME = 'Qzvrtkplmxw';
const NOTE = 'Vxqpmwlzrtkb sky';
const THOUGHT = 'Wkzqvxplmrtj under the bridge';
/**
 * The route: 24 points 5 s apart from noon yesterday (UTC; inside the default 30-day retention, and not a day
 * the live shares above touch), each at 1e-7° with canary digits. Far from LAT/LON, so a hit names the chunks;
 * both coordinates above 26.8°, so their E7 varints are 5 bytes long (fewer chance matches than 4).
 */
const ROUTE_DAY = utcDayOf(Date.now()) - 1;
const ROUTE: GpxTrackPoint[] = Array.from({ length: 24 }, (_, i) => ({
  time: dayStartMs(ROUTE_DAY) + DAY_MS / 2 + i * 5_000,
  lat: Math.round((41.0136829471 + i * 0.0001537) * 1e7) / 1e7,
  lon: Math.round((28.9791835264 + i * 0.0002291) * 1e7) / 1e7,
  ele: 31 + i,
}));

let root: string;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('canary scan of everything the relay wrote', () => {
  it('finds no canary coordinate, name or invite secret in the data directory, logs or output', async () => {
    root = await tempDir('canary');
    const { dataDir, logDir, relay, homeB, a, b } = await relayWithTwoHomes(root, NAME);
    const link = (await a('invite')).split('\n')[0] as string;
    await b('accept', link, '--share', 'location');
    await a('confirm', 'Bob', '--share', 'location', '--numbers-match');
    await b('verify', NAME, '--numbers-match');
    await a('bonds');
    const watch = spawnCli(['watch', '--json', '--home', homeB, '--server', relay.url]);
    await watch.waitFor((l) => l.includes('"state":"open"'));
    for (let i = 0; i < 3; i++) await a('share', '--lat', String(LAT), '--lon', String(LON), '--acc', '7');
    // Bob really received the canary: the run carried it end to end.
    const seen = JSON.parse(await watch.waitFor((l) => l.includes('"type":"location"')));
    expect(seen.lat).toBe(LAT);
    expect(seen.lon).toBe(LON);
    expect(seen.from).toBe(NAME);

    // The other facets: a feeling with a note, a thought and a photo, each seen by Bob.
    await a('shield', 'Bob', 'feelings', 'exact');
    await a('shield', 'Bob', 'thoughts', 'exact');
    await a('shield', 'Bob', 'moments', 'city');
    await a('feel', 'happy', '--intensity', '4', '--note', NOTE);
    await a('say', 'Bob', THOUGHT);
    const { png, pixels } = noisePng(96, 64, 0x9e3779b9);
    const photoPath = join(root, 'noise.png');
    await writeFile(photoPath, png);
    await a('moment', 'Bob', photoPath);
    await watch.waitFor((l) => l.includes('"type":"feeling"') && l.includes(NOTE));
    await watch.waitFor((l) => l.includes('"type":"thought"') && l.includes(THOUGHT));
    const moment = JSON.parse(await watch.waitFor((l) => l.includes('"type":"moment"')));
    expect(moment.place.level).toBe('city');

    // The route, imported and shared with Bob at trail exact: one chunk for his bond, one for the vault.
    await a('shield', 'Bob', 'trail', 'exact');
    const routeFile = join(root, 'route.gpx');
    await writeGpx(routeFile, ROUTE);
    const imported = await a('import', routeFile, '--share', 'Bob');
    expect(imported).toMatch(new RegExp(`: ${ROUTE.length} kept, ${ROUTE.length} new to your trail`));
    expect(imported).toMatch(/Sealed 2 chunks for 1 day/);
    // Bob really gets the route: the run carried it end to end.
    const [routeDay, ...more] = JSON.parse(await b('trail', NAME, '--day', dayToIso(ROUTE_DAY), '--json'));
    expect(more).toEqual([]);
    expect(routeDay.level).toBe('exact');
    const fixes: TrailFix[] = routeDay.fixes;
    expect(fixes.map((f) => [f.ts, f.lat, f.lon, f.alt])).toEqual(ROUTE.map((p) => [p.time, p.lat, p.lon, p.ele]));
    await watch.stop();
    // SIGKILL, not a clean stop: SQLite's -wal and -shm files stay on disk to be scanned as they are.
    await relay.stop('SIGKILL');

    const secret = link.split('#')[1] as string;
    const needles = canaryNeedles([LAT, LON], [NAME, secret, NOTE, THOUGHT]);
    // The photo: runs of its file bytes and of its raw pixels, at several offsets, in every encoding.
    for (const [label, bytes] of [
      ['photo file', png],
      ['photo pixels', pixels],
    ] as const) {
      for (let at = 64; at + 48 <= bytes.length; at += Math.floor(bytes.length / 8)) {
        needles.push(...withEncodings(`${label} @${at}`, Buffer.from(bytes.subarray(at, at + 48))));
      }
    }
    // The route: the first, middle and last points in every encoding (every point has canary digits; three keep
    // the chance matches of 4-byte needles few), and runs of the day's chunk plaintext as the codec writes it.
    for (const p of [ROUTE[0], ROUTE[12], ROUTE[23]]) needles.push(...canaryNeedles([p?.lat ?? 0, p?.lon ?? 0], []));
    const plaintext = Buffer.from(encodeTrailDay({ day: ROUTE_DAY, level: 'exact', fixes }));
    for (let at = 0; at + 24 <= plaintext.length; at += 16) {
      needles.push(...withEncodings(`route chunk plaintext @${at}`, plaintext.subarray(at, at + 24)));
    }
    const files = [...(await filesUnder(dataDir)), ...(await filesUnder(logDir))];
    expect(files.some((f) => f.endsWith('entwine.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('entwine.db-wal'))).toBe(true);
    const { hits, bytesScanned } = await scanFiles(files, needles);
    expect(bytesScanned).toBeGreaterThan(4096);
    expect(hits).toEqual([]);
    // Not a vacuous scan: the relay did store the route's day, for Bob's bond and for the vault (read after the scan).
    const db = new Database(join(dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
    try {
      const kinds = db.prepare('SELECT owner_kind AS kind FROM chunks WHERE day = ? ORDER BY owner_kind').all(ROUTE_DAY);
      expect(kinds).toEqual([{ kind: 'bond' }, { kind: 'vault' }]);
    } finally {
      db.close();
    }
  }, 180_000);
});
