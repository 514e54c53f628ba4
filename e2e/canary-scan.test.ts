// Acceptance 3 (issue 3) and 4 (issue 6): after an end-to-end run with canary coordinates, a canary name,
// a canary mood note, a canary thought and a photo of random pixels, no byte the relay wrote — database,
// -wal, -shm, logs, stdout/stderr — holds any of them in any encoding we know of.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryNeedles, filesUnder, scanFiles, withEncodings } from './support/canary.ts';
import { ok, spawnCli, tempDir } from './support/cli.ts';
import { noisePng } from './support/noise-png.ts';
import { startRelayProcess } from './support/relay-process.ts';

// Digits chosen to be unlikely anywhere else; the name is not a word.
const LAT = 47.3769183746;
const LON = 8.5417293651;
const NAME = 'Qzvrtkplmxw';
const NOTE = 'Vxqpmwlzrtkb sky';
const THOUGHT = 'Wkzqvxplmrtj under the bridge';

let root: string;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('canary scan of everything the relay wrote', () => {
  it('finds no canary coordinate, name or invite secret in the data directory, logs or output', async () => {
    root = await tempDir('canary');
    const dataDir = join(root, 'data');
    const logDir = join(root, 'logs');
    const relay = await startRelayProcess({ dataDir, logDir });
    const homeA = join(root, 'a');
    const homeB = join(root, 'b');
    const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', relay.url]);
    const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', relay.url]);
    await a('init', '--name', NAME);
    await b('init', '--name', 'Bob');
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
    const files = [...(await filesUnder(dataDir)), ...(await filesUnder(logDir))];
    expect(files.some((f) => f.endsWith('entwine.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('entwine.db-wal'))).toBe(true);
    const { hits, bytesScanned } = await scanFiles(files, needles);
    expect(bytesScanned).toBeGreaterThan(4096);
    expect(hits).toEqual([]);
  }, 120_000);
});
