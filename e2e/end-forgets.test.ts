// Acceptance 3 (issue 10), CLI: after an end, the CLI home holds nothing the bond carried. Alice and Bob
// each share a canary position (exact), a feeling with a canary note, a canary thought and a photo of random
// pixels pinned at their exact spot; each side receives the other's. Before the end a scan of each home
// finds the partner's canaries (so the scan can find them); after Alice's `end` her home holds none of Bob's
// nor of what she sent in the bond, and after Bob's device learns of the end from the relay (verifying
// Alice's signed end), his home holds none of Alice's nor of his own. Scanned raw (every file, every
// encoding in support/canary.ts) and parsed (every base64url field of the device's records decoded and scanned).
// What may stay is a tombstone: the partner's name, who ended it and when (bond-end.ts says why).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canaryNeedles, filesUnder, type Needle, scanFiles, withEncodings } from './support/canary.ts';
import { ok, spawnCli } from './support/cli.ts';
import { noisePng } from './support/noise-png.ts';
import { readState } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('end-forgets');

interface Canaries {
  lat: number;
  lon: number;
  note: string;
  thought: string;
  photo: { png: Uint8Array; pixels: Uint8Array };
}

const ALICE: Canaries = {
  lat: 47.3769183746,
  lon: 8.5417293651,
  note: 'Vxqpmwlzrtkb alice note',
  thought: 'Wkzqvxplmrtj alice thought',
  photo: noisePng(80, 60, 0x9e3779b9),
};
const BOB: Canaries = {
  lat: 45.4642719382,
  lon: 9.1895364217,
  note: 'Jqzvkxwplrtm bob note',
  thought: 'Hxqzvkwlpmtr bob thought',
  photo: noisePng(80, 60, 0x7f4a7c15),
};

function photoNeedles(label: string, photo: Canaries['photo']): Needle[] {
  const out: Needle[] = [];
  for (const [what, bytes] of [
    ['file', photo.png],
    ['pixels', photo.pixels],
  ] as const) {
    for (let at = 64; at + 48 <= bytes.length; at += Math.floor(bytes.length / 6)) {
      out.push(...withEncodings(`${label} photo ${what} @${at}`, Buffer.from(bytes.subarray(at, at + 48))));
    }
  }
  return out;
}

/**
 * Everything of one person's share in the bond. `own: true` is for a scan of that person's own home: their
 * position and current feeling are their own (kept for every bond, not received in this one), so only what
 * they sent in the bond — the thought and the photo — must be gone.
 */
function needlesOf(who: string, c: Canaries, own: boolean): Needle[] {
  const numbers = own ? [] : [c.lat, c.lon];
  const strings = own ? [c.thought] : [c.note, c.thought];
  return [...canaryNeedles(numbers, strings).map((n) => ({ ...n, label: `${who}: ${n.label}` })), ...photoNeedles(who, c.photo)];
}

/** Every base64url string in the device's records decoded, so a photo kept inside any field shows as bytes too. */
function decodedFields(state: unknown): Buffer {
  const parts: Buffer[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 16 && /^[A-Za-z0-9_-]+$/.test(v)) parts.push(Buffer.from(v, 'base64url'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(state);
  return Buffer.concat(parts);
}

async function scanHome(home: string, needles: Needle[]): Promise<string[]> {
  const files = await filesUnder(home);
  const raw = await scanFiles(files, needles);
  expect(raw.bytesScanned).toBeGreaterThan(1000);
  const state = await readState(home);
  const decoded = decodedFields(state);
  const parsedHits = needles.filter((n) => decoded.includes(n.bytes)).map((n) => `records (decoded): ${n.label}`);
  return [...raw.hits.map((h) => `${h.file}: ${h.needle}`), ...parsedHits];
}

describe('ending a bond forgets it (CLI)', () => {
  it('leaves no thought, photo, note or pin of the bond in either home', async () => {
    const url = suite.relay.url;
    const homeA = join(suite.root, 'alice');
    const homeB = join(suite.root, 'bob');
    const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', url]);
    const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', url]);
    const everything = 'location,feelings,thoughts,moments,glances';
    await a('init', '--name', 'Alice');
    await b('init', '--name', 'Bob');
    const link = (await a('invite')).split('\n')[0] as string;
    await b('accept', link, '--share', everything);
    await a('confirm', 'Bob', '--share', everything, '--numbers-match');
    await b('bonds');
    await b('verify', 'Alice', '--numbers-match');
    await a('bonds');

    // Each side sends while only the partner's `watch` runs (a `watch` in the sender's own home would save
    // its own copy of the state over the sender's commands).
    for (const [run, c, partner, watchHome] of [
      [a, ALICE, 'Bob', homeB],
      [b, BOB, 'Alice', homeA],
    ] as const) {
      const photo = join(suite.root, `${partner}-gets.png`);
      await writeFile(photo, c.photo.png);
      const watch = spawnCli(['watch', '--json', '--home', watchHome, '--server', url]);
      await watch.waitFor((l) => l.includes('"state":"open"'));
      await run('share', '--lat', String(c.lat), '--lon', String(c.lon), '--acc', '4');
      await run('feel', 'happy', '--note', c.note);
      await run('say', partner, c.thought);
      await run('glance', partner, 'thinking-of-you');
      await run('moment', partner, photo);
      await watch.waitFor((l) => l.includes('"type":"moment"') && l.includes(String(c.lat)));
      await watch.waitFor((l) => l.includes('"type":"thought"') && l.includes(c.thought));
      await watch.waitFor((l) => l.includes('"type":"feeling"') && l.includes(c.note));
      await watch.stop();
    }
    const pair = { homeA, homeB, a, b };

    // The control: before the end each home holds the partner's canaries, so the scan below can find them.
    const aliceSees = needlesOf('Bob', BOB, false);
    const bobSees = needlesOf('Alice', ALICE, false);
    expect((await scanHome(pair.homeA, aliceSees)).length).toBeGreaterThan(10);
    expect((await scanHome(pair.homeB, bobSees)).length).toBeGreaterThan(10);
    const bondId = Object.keys((await readState(pair.homeA)).bonds)[0] as string;

    // Alice ends it; the CLI says what is deleted and what is kept.
    const said = await pair.a('end', 'Bob');
    expect(said).toContain('Deleted from this device: the bond');
    expect(said).toContain('thoughts, glances, photos, feelings, positions and marks');
    expect(await scanHome(pair.homeA, [...aliceSees, ...needlesOf('Alice', ALICE, true)])).toEqual([]);

    // Bob learns of it from the relay (Alice's signed end, verified) the next time his CLI syncs.
    const listing = await pair.b('bonds');
    expect(listing).toMatch(/Alice {2}\[ended on .+, by Alice\] {2}everything received in it was deleted/);
    expect(await scanHome(pair.homeB, [...bobSees, ...needlesOf('Bob', BOB, true)])).toEqual([]);

    // What stays on each side is the tombstone and nothing else of the bond.
    for (const [home, name] of [
      [pair.homeA, 'Bob'],
      [pair.homeB, 'Alice'],
    ] as const) {
      const state = await readState(home);
      const tomb = state.bonds[bondId] as unknown as Record<string, unknown>;
      expect(Object.keys(tomb).sort()).toEqual(
        [
          'bondId',
          'cursor',
          'endedAt',
          'endedBy',
          'inviteId',
          'peer',
          'receivedView',
          'receiving',
          'role',
          'safetyNumber',
          'sas',
          'sentView',
          'shield',
          'status',
          'verification',
        ].sort(),
      );
      expect(tomb.peer).toEqual({
        userId: '',
        name,
        identityPub: '',
        deviceList: { body: '', sig: '' },
        deviceListVersion: 0,
        devices: [],
      });
      expect(tomb.receivedView).toEqual(tomb.sentView);
      expect(state.outbox.filter((e) => e.bondId === bondId)).toEqual([]);
      expect(Object.keys(state.invites)).toEqual([]);
      expect(Object.keys(state.requests)).toEqual([]);
    }
  }, 400_000);
});
