// Issue 15, acceptance 5: with `entwine bridge` in the path, the relay's canary scan stays at zero. Alice's
// tracker apps post canary positions to her bridge — OwnTracks in encrypted mode (a location, a transition and
// a waypoint), Overland, GPSLogger and Traccar — with canary words in the free-text fields the apps send (a
// Wi-Fi name, a device name, a region's name). Bob watches them arrive through a real relay process and gets
// the day's chunk at trail exact; Bob's own position goes back to her OwnTracks sealed under its passphrase.
// Then no byte the relay wrote — database, -wal, -shm, logs, stdout/stderr —
// holds any canary, token, passphrase or piece of the OwnTracks ciphertext, in any encoding the scanner knows;
// nor does the bridge's own log hold a coordinate (not even of a point it refused) or a secret, nor `bridge.db`
// (0600, like `device.db`) a coordinate or a word. The
// control: the same scan finds every canary position, and the region's name, in Alice's own `device.db`
// (plaintext on her machine, by design), so a zero above is not a scan that cannot see.
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayToIso, encodeTrailDay, encryptOwnTracks, owntracksKey, readOwnTracks, type TrailFix, utcDayOf } from '@entwine/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryNeedles, filesUnder, type Needle, scanFiles, withEncodings } from './support/canary.ts';
import { spawnCli, tempDir } from './support/cli.ts';
import { endWithinOneDay } from './support/one-day.ts';
import { relayWithTwoHomes } from './support/scanned-relay.ts';
import { until } from './support/until.ts';

/**
 * One canary point per way in. Digits chosen to be unlikely anywhere else; all coordinates above 26.8°, so
 * their E7 varints are 5 bytes long (fewer chance matches than 4), and near each other, as one phone's day.
 */
const POINTS = {
  owntracksLocation: { lat: 35.6817293846, lon: 139.6972518364 },
  owntracksTransition: { lat: 35.6823946172, lon: 139.6981736492 },
  owntracksWaypoint: { lat: 35.6832817465, lon: 139.6993481726 },
  overland: { lat: 35.6841729385, lon: 139.7003918274 },
  gpslogger: { lat: 35.6857361928, lon: 139.7014627391 },
  traccar: { lat: 35.6862938174, lon: 139.7028471936 },
  owntracksViaRelay: { lat: 35.6871936482, lon: 139.7039264718 },
} as const;
/** A point out of range, which the bridge refuses (and so must not write anywhere). */
const REFUSED = { lat: 95.3718264935, lon: 139.7036182947 } as const;
/** A readable position posted to the relay's app drop, which refuses it (and so must not write it anywhere). */
const RELAY_PLAIN = { lat: 35.6883619274, lon: 139.7047291836 } as const;
/** Bob's position, shared with Alice and answered to her OwnTracks as a friend's. */
const BOB = { lat: 48.8571936284, lon: 2.3518274936 } as const;
/** Points the apps send as fixes (the waypoint is a region: it becomes a place, not a fix). */
const FIXES = ['owntracksLocation', 'owntracksTransition', 'overland', 'gpslogger', 'traccar', 'owntracksViaRelay'] as const;
/** Free text the apps send. None is read by the bridge but the region's name, which becomes Alice's place. */
const SSID = 'Kvqzxwjrpt-5G';
const OT_USER = 'Vkzqxjwpmr';
const TRANSITION_DESC = 'Jxqwvzrkpl Gate';
const REGION_NAME = 'Zqkvjxwrtm Yard';
const OVERLAND_WIFI = 'Pwzqkxvjrm Guest';
const OVERLAND_DEVICE = 'Wqzjxkvrtp phone';
const GPSLOGGER_AID = 'e9c4b7a1f3d52086';
const TRACCAR_WIFI = 'Xjvqzkwpmr';
const UNREAD_WORDS = [SSID, OT_USER, TRANSITION_DESC, OVERLAND_WIFI, OVERLAND_DEVICE, GPSLOGGER_AID, TRACCAR_WIFI];

type Point = { lat: number; lon: number };
const pointNeedles = (p: Point): Needle[] => canaryNeedles([p.lat, p.lon], []);
const allPointNeedles = (): Needle[] => [...Object.values(POINTS), REFUSED, RELAY_PLAIN, BOB].flatMap(pointNeedles);

/** Runs of `bytes` at several offsets, each in every encoding (an OwnTracks ciphertext, a chunk's plaintext). */
function runsOf(label: string, bytes: Buffer, length: number, step: number): Needle[] {
  const out: Needle[] = [];
  for (let at = 0; at + length <= bytes.length; at += step) out.push(...withEncodings(`${label} @${at}`, bytes.subarray(at, at + length)));
  return out;
}

let root: string;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('canary scan with the bridge in the path', () => {
  it('finds no canary, token, passphrase or OwnTracks ciphertext in anything the relay wrote, nor coordinates in the bridge’s log or bridge.db; finds them in device.db', async () => {
    root = await tempDir('canary-bridge');
    const { dataDir, logDir, relay, homeA, homeB, a, b } = await relayWithTwoHomes(root, 'Alice');
    const link = (await a('invite')).split('\n')[0] as string;
    await b('accept', link, '--share', 'location');
    await a('confirm', 'Bob', '--share', 'location', '--numbers-match');
    await b('verify', 'Alice', '--numbers-match');
    await a('bonds');
    // Trail exact for Bob: the bridge's fixes are also sealed into a day chunk for his bond (and the vault).
    await a('shield', 'Bob', 'trail', 'exact');

    const owntracks = JSON.parse(await a('bridge', 'setup', 'owntracks', '--encrypt', '--json')) as {
      password: string;
      encryptionKey: string;
    };
    // The same app may also post sealed to Alice's drop on the relay (the same key; the drop has its own token).
    const viaRelay = JSON.parse(await a('bridge', 'setup', 'owntracks', '--via-relay', '--json')) as { url: string; password: string };
    const overland = JSON.parse(await a('bridge', 'setup', 'overland', '--json')) as { url: string };
    const gpslogger = JSON.parse(await a('bridge', 'setup', 'gpslogger', '--json')) as { url: string };
    const traccar = JSON.parse(await a('bridge', 'setup', 'traccar', '--json')) as { deviceIdentifier: string };
    expect(owntracks.encryptionKey).toHaveLength(32);
    const key = owntracksKey(owntracks.encryptionKey);
    const tokens = [
      owntracks.password,
      new URL(overland.url).searchParams.get('token') as string,
      new URL(gpslogger.url).searchParams.get('token') as string,
      traccar.deviceIdentifier,
      viaRelay.password,
    ];

    const bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--collect-every', '0.5', '--home', homeA, '--server', relay.url]);
    const watch = spawnCli(['watch', '--json', '--home', homeB, '--server', relay.url]);
    const ciphertexts: Buffer[] = [];
    let bridgeExit: number | null | undefined;
    let sentAt = 0; // when the apps' points were taken (a time clear of midnight)
    try {
      const listening = await bridge.waitFor((l) => l.startsWith('Bridge listening on '));
      const base = /on (http:\/\/[0-9.]+:[0-9]+)/.exec(listening)?.[1] as string;
      const at = (url: string) => url.replace('http://127.0.0.1:8789', base);
      await watch.waitFor((l) => l.includes('"state":"open"'));
      // Bob really received each canary position: the run carried it through the relay.
      const bobSees = (p: Point) =>
        watch.waitFor((l) => {
          const e = JSON.parse(l) as { type: string; level?: string; lat?: number; lon?: number };
          return e.type === 'location' && e.level === 'exact' && e.lat === p.lat && e.lon === p.lon;
        }, 30_000);
      const sec = Math.floor(endWithinOneDay(60_000) / 1000);
      sentAt = sec * 1000;

      // OwnTracks, HTTP mode, encrypted: each message sealed with the passphrase setup made, as the app does.
      const postOwnTracks = async (message: object) => {
        const sealed = encryptOwnTracks(message, key, randomBytes(24));
        ciphertexts.push(Buffer.from(sealed.data, 'base64'));
        const r = await fetch(`${base}/owntracks`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${Buffer.from(`entwine:${owntracks.password}`).toString('base64')}`,
            'x-limit-u': OT_USER,
            'x-limit-d': 'phone',
          },
          body: JSON.stringify(sealed),
        });
        expect(r.status).toBe(200);
        // Answered in kind: each friend message is sealed too (the list is empty until Bob shares).
        const answer = (await r.json()) as { _type: string }[];
        expect(answer.every((m) => m._type === 'encrypted')).toBe(true);
        return answer;
      };
      const loc = POINTS.owntracksLocation;
      await postOwnTracks({
        _type: 'location',
        ...loc,
        tst: sec - 60,
        acc: 9,
        vel: 4,
        batt: 77,
        bs: 1,
        tid: 'AL',
        SSID,
        BSSID: 'a2:4f:19:c3:7e:05',
      });
      await bobSees(loc);
      const tr = POINTS.owntracksTransition;
      await postOwnTracks({
        _type: 'transition',
        event: 'enter',
        desc: TRANSITION_DESC,
        ...tr,
        tst: sec - 55,
        acc: 11,
        t: 'c',
        wtst: sec - 3600,
      });
      await bobSees(tr);
      const wp = POINTS.owntracksWaypoint;
      await postOwnTracks({ _type: 'waypoint', desc: REGION_NAME, ...wp, rad: 150, tst: sec - 3600 });
      await bridge.waitFor((l) => l.includes('places made from the app'));

      // Overland: a batch of one, with the phone's Wi-Fi name and its device name.
      const ov = POINTS.overland;
      const overlandReply = await fetch(at(overland.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          locations: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [ov.lon, ov.lat] },
              properties: {
                timestamp: new Date((sec - 50) * 1000).toISOString(),
                speed: 1.2,
                horizontal_accuracy: 7,
                battery_level: 0.7,
                battery_state: 'unplugged',
                wifi: OVERLAND_WIFI,
                device_id: OVERLAND_DEVICE,
              },
            },
          ],
        }),
      });
      expect(overlandReply.status).toBe(200);
      await bobSees(ov);

      // GPSLogger's custom URL, with the Android ID a person may add to it.
      const gl = POINTS.gpslogger;
      const glUrl = new URL(at(gpslogger.url).split('?')[0] as string);
      glUrl.search = new URLSearchParams({
        token: tokens[2] as string,
        lat: String(gl.lat),
        lon: String(gl.lon),
        time: String(sec - 45),
        acc: '6',
        spd: '1.1',
        batt: '69',
        aid: GPSLOGGER_AID,
      }).toString();
      expect((await fetch(glUrl)).status).toBe(200);
      await bobSees(gl);
      // A point the bridge refuses (latitude out of range): its reason is logged, never its coordinates.
      glUrl.searchParams.set('lat', String(REFUSED.lat));
      glUrl.searchParams.set('lon', String(REFUSED.lon));
      glUrl.searchParams.set('time', String(sec - 44));
      expect((await fetch(glUrl)).status).toBe(200);
      await bridge.waitFor((l) => l.includes('gpslogger: 0 new points, 0 already kept, 1 refused (bad-coordinates)'));

      // Traccar Client / OsmAnd, query form, with a Wi-Fi parameter.
      const tc = POINTS.traccar;
      const tq = new URLSearchParams({
        id: traccar.deviceIdentifier,
        lat: String(tc.lat),
        lon: String(tc.lon),
        timestamp: String(sec - 40),
        speed: '2',
        accuracy: '5',
        batt: '68',
        wifi: TRACCAR_WIFI,
      });
      expect((await fetch(`${base}/?${tq}`, { method: 'POST' })).status).toBe(200);
      await bobSees(tc);

      // OwnTracks posting straight to the relay: sealed, it is kept as an opaque post for the bridge to
      // collect (its ciphertext is the relay's to hold, so it is not a needle; its coordinates and words are);
      // readable, it is refused and nothing of it kept.
      const toRelay = (body: object) =>
        fetch(viaRelay.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${Buffer.from(`entwine:${viaRelay.password}`).toString('base64')}`,
          },
          body: JSON.stringify(body),
        });
      const vr = POINTS.owntracksViaRelay;
      const viaRelayReply = await toRelay(
        encryptOwnTracks({ _type: 'location', ...vr, tst: sec - 35, acc: 8, SSID }, key, randomBytes(24)),
      );
      expect(viaRelayReply.status).toBe(200);
      await bobSees(vr);
      expect((await toRelay({ _type: 'location', ...RELAY_PLAIN, tst: sec - 34, SSID })).status).toBe(400);

      // Bob shares a canary position: the bridge answers OwnTracks with him as a friend, sealed under the
      // passphrase, so his position crosses to the phone only in the box.
      await b('share', '--lat', String(BOB.lat), '--lon', String(BOB.lon));
      const friends = await until('Bob as an OwnTracks friend', async () => {
        const answer = await postOwnTracks({ _type: 'lwt', tst: sec });
        return answer.length > 0 ? answer : undefined;
      });
      const opened = readOwnTracks(friends, { key });
      expect(opened.some((i) => i.kind === 'fix' && i.fix.lat === BOB.lat && i.fix.lon === BOB.lon)).toBe(true);
      const answerText = Buffer.from(JSON.stringify(friends));
      expect(
        pointNeedles(BOB)
          .filter((n) => answerText.includes(n.bytes))
          .map((n) => n.label),
      ).toEqual([]);
    } finally {
      // SIGTERM: the bridge seals today's trail (Bob's chunk and the vault's) before it leaves.
      bridgeExit = await bridge.stop('SIGTERM');
      await watch.stop();
    }
    expect(bridgeExit).toBe(0);

    // Bob gets the day's chunk at exact, with every fix the apps sent: the chunks went through the relay too.
    const day = utcDayOf(sentAt);
    const [bobDay] = JSON.parse(await b('trail', 'Alice', '--day', dayToIso(day), '--json')) as { level: string; fixes: TrailFix[] }[];
    expect(bobDay?.level).toBe('exact');
    const fixes = bobDay?.fixes ?? [];
    // The chunk keeps coordinates at 1e-7° (E7).
    const e7 = (v: number) => Math.round(v * 1e7);
    for (const name of FIXES) {
      const p = POINTS[name];
      expect(
        fixes.some((f) => e7(f.lat) === e7(p.lat) && e7(f.lon) === e7(p.lon)),
        name,
      ).toBe(true);
    }
    // SIGKILL, not a clean stop: SQLite's -wal and -shm files stay on disk to be scanned as they are.
    await relay.stop('SIGKILL');

    const secrets = [...tokens, owntracks.encryptionKey];
    const words = [...UNREAD_WORDS, REGION_NAME];
    const needles = [...allPointNeedles(), ...canaryNeedles([], [...words, ...secrets])];
    // The OwnTracks ciphertexts as the phone sent them: runs of each box, raw and in every encoding.
    for (const [i, c] of ciphertexts.entries()) needles.push(...runsOf(`owntracks ciphertext ${i}`, c, 24, 20));
    // The day's chunk plaintext as the trail codec writes it.
    needles.push(...runsOf('chunk plaintext', Buffer.from(encodeTrailDay({ day, level: 'exact', fixes })), 24, 16));

    // 1. Everything the relay wrote: zero hits.
    const relayFiles = [...(await filesUnder(dataDir)), ...(await filesUnder(logDir))];
    expect(relayFiles.some((f) => f.endsWith('entwine.db'))).toBe(true);
    expect(relayFiles.some((f) => f.endsWith('entwine.db-wal'))).toBe(true);
    const relayScan = await scanFiles(relayFiles, needles);
    expect(relayScan.bytesScanned).toBeGreaterThan(4096);
    expect(relayScan.hits).toEqual([]);
    // Not a vacuous scan: the relay did store the day's chunk, for Bob's bond and for the vault.
    const db = new Database(join(dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
    try {
      const kinds = db.prepare('SELECT DISTINCT owner_kind AS kind FROM chunks WHERE day = ? ORDER BY owner_kind').all(day);
      expect(kinds).toEqual([{ kind: 'bond' }, { kind: 'vault' }]);
    } finally {
      db.close();
    }

    // 2. The bridge's log (its stdout and stderr): no coordinate and no secret. It does name the places it made
    // from the app's regions (the person's own terminal), so the region's name is not a needle here.
    const logFile = join(root, 'bridge.log');
    await writeFile(logFile, `${bridge.lines.join('\n')}\n${bridge.stderr.join('')}`);
    const logNeedles = [...allPointNeedles(), ...canaryNeedles([], [...UNREAD_WORDS, ...secrets])];
    const logScan = await scanFiles([logFile], logNeedles);
    expect(bridge.lines.some((l) => l.includes('traccar: 1 new point'))).toBe(true);
    expect(logScan.hits).toEqual([]);

    // 3. bridge.db (and its -wal, -shm): tokens, the passphrase and counts; no coordinate and no word.
    const homeFiles = (await readdir(homeA)).map((f) => join(homeA, f));
    const bridgeFiles = homeFiles.filter((f) => /bridge\.db(-wal|-shm)?$/.test(f));
    expect(bridgeFiles.some((f) => f.endsWith('bridge.db'))).toBe(true);
    // Its secrets (and the vault beside it) are for this account only.
    for (const f of [...bridgeFiles, ...homeFiles.filter((f) => /device\.db(-wal|-shm)?$/.test(f))]) {
      expect((await stat(f)).mode & 0o777, f).toBe(0o600);
    }
    const bridgeScan = await scanFiles(bridgeFiles, [...allPointNeedles(), ...canaryNeedles([], words)]);
    expect(bridgeScan.hits).toEqual([]);
    // Not a scan that cannot see: the passphrase it keeps is found there.
    expect((await scanFiles(bridgeFiles, canaryNeedles([], [owntracks.encryptionKey]))).hits).not.toEqual([]);

    // 4. The control: the same scanner finds every canary position, and the region's name, in Alice's own
    // device.db — her vault, plaintext on her machine.
    const deviceFiles = homeFiles.filter((f) => /device\.db(-wal|-shm)?$/.test(f));
    expect(deviceFiles.some((f) => f.endsWith('device.db'))).toBe(true);
    // Needles of 8 bytes or more only, so each coordinate is found by itself, not by digits it shares with
    // a neighbour (35.682 is two of the points at 3 decimals).
    for (const [name, p] of Object.entries(POINTS)) {
      for (const v of [p.lat, p.lon]) {
        const own = canaryNeedles([v], []).filter((n) => n.bytes.length >= 8);
        expect((await scanFiles(deviceFiles, own)).hits.length, `${name} ${v} in device.db`).toBeGreaterThan(0);
      }
    }
    expect((await scanFiles(deviceFiles, canaryNeedles([], [REGION_NAME]))).hits.length).toBeGreaterThan(0);
    // The free text no reader reads is kept nowhere, not even there.
    expect((await scanFiles(deviceFiles, canaryNeedles([], UNREAD_WORDS))).hits).toEqual([]);
  }, 180_000);
});
