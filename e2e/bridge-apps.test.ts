// Issue 15, acceptance 1 and 4, over HTTP: `entwine bridge` takes each tracker app's payload in the app's own
// shape — OwnTracks (HTTP), Overland, GPSLogger (custom URL), Traccar Client (query and JSON) — converts its
// units, and Alice's partners see each position on their `watch` at the level their bond has: Bob exact (with
// the speed in m/s), Carol the city only. What cannot be read gets a clear error and touches nothing else; a
// resend adds nothing; a payload with a `0,0` point keeps its good points. When the bridge stops, her vault
// holds every fix, and OwnTracks is answered with Bob as a friend once he shares a position.
import { describe, expect, it } from 'vitest';
import { bondedHub, type LongRunning, spawnCli } from './support/cli.ts';
import { dayOfArgs, endWithinOneDay } from './support/one-day.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/until.ts';

const suite = relayForSuite('bridge-apps');

interface Setup {
  url: string;
  password?: string;
  deviceIdentifier?: string;
}

type Watched = { type: string; from: string; level: string; lat: number; lon: number; speed?: number; acc?: number };

/** The sentence a refusal carries (`{"error": "…"}`). */
const errorOf = async (r: Response): Promise<string> => ((await r.json()) as { error: string }).error;

const locations = (w: LongRunning): Watched[] =>
  w.lines.flatMap((l) => {
    try {
      const e = JSON.parse(l) as Watched;
      return e.type === 'location' ? [e] : [];
    } catch {
      return [];
    }
  });

describe('entwine bridge (HTTP)', () => {
  it('takes each app in its own protocol and units; partners see it at their level; bad input is refused alone', async () => {
    const server = suite.relay.url;
    const { run, home } = await bondedHub(server, 'Alice', ['Bob', 'Carol'], (p) => (p === 'Bob' ? 'location' : 'location=city'));
    const setup = async (app: string) => JSON.parse(await run('Alice', 'bridge', 'setup', app, '--json')) as Setup;
    const owntracks = await setup('owntracks');
    const overland = await setup('overland');
    const gpslogger = await setup('gpslogger');
    const traccar = await setup('traccar');

    const bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--home', home('Alice'), '--server', server]);
    const bob = spawnCli(['watch', '--json', '--home', home('Bob'), '--server', server]);
    const carol = spawnCli(['watch', '--json', '--home', home('Carol'), '--server', server]);
    let sentAt = 0; // when the apps' points were taken (a time clear of midnight)
    try {
      const listening = await bridge.waitFor((l) => l.startsWith('Bridge listening on '));
      const base = /on (http:\/\/[0-9.]+:[0-9]+)/.exec(listening)?.[1] as string;
      // The URLs setup printed name the default address; the bridge listens on a free port here.
      const at = (url: string) => url.replace('http://127.0.0.1:8789', base);
      await bob.waitFor((l) => l.includes('"state":"open"'));
      await carol.waitFor((l) => l.includes('"state":"open"'));

      const bobSees = (lat: number, lon: number) =>
        bob.waitFor((l) => {
          const e = JSON.parse(l) as Watched;
          return e.type === 'location' && e.level === 'exact' && e.lat === lat && e.lon === lon;
        }, 30_000);
      const now = endWithinOneDay(60_000);
      sentAt = now;
      const sec = (offsetS: number) => Math.floor(now / 1000) + offsetS;

      // OwnTracks, HTTP mode: vel is km/h, batt a percentage; the answer is the friends list ([] for now).
      const basic = `Basic ${Buffer.from(`entwine:${owntracks.password}`).toString('base64')}`;
      const ot = await fetch(`${base}/owntracks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic, 'x-limit-u': 'alice', 'x-limit-d': 'phone' },
        body: JSON.stringify({
          _type: 'location',
          lat: 52.520_1,
          lon: 13.404_9,
          tst: sec(-60),
          vel: 36,
          acc: 12,
          batt: 80,
          bs: 1,
          tid: 'AL',
        }),
      });
      expect(ot.status).toBe(200);
      expect(await ot.json()).toEqual([]);
      expect(JSON.parse(await bobSees(52.520_1, 13.404_9))).toMatchObject({ speed: 10, acc: 12 });

      // Overland: a batch, speed m/s (negative: unknown), a lifecycle record without geometry; answered ok.
      const feature = (lon: number, lat: number, t: number, speed: number) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: {
          timestamp: new Date(t * 1000).toISOString(),
          speed,
          horizontal_accuracy: 8,
          battery_level: 0.5,
          battery_state: 'unplugged',
        },
      });
      const batch = {
        locations: [
          feature(13.41, 52.521, sec(-50), -1),
          feature(13.411, 52.522, sec(-45), 4),
          { type: 'Feature', properties: { timestamp: new Date(now).toISOString(), action: 'will_terminate' } },
        ],
      };
      const postOverland = (body: unknown) =>
        fetch(at(overland.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const ov = await postOverland(batch);
      expect(ov.status).toBe(200);
      expect(await ov.json()).toEqual({ result: 'ok' });
      expect(JSON.parse(await bobSees(52.522, 13.411))).toMatchObject({ speed: 4, acc: 8 });

      // GPSLogger's custom URL (GET, its placeholders filled): spd is m/s.
      const gl = new URL(at(gpslogger.url).split('?')[0] as string);
      gl.search = new URLSearchParams({
        token: new URL(gpslogger.url).searchParams.get('token') as string,
        lat: '52.523',
        lon: '13.412',
        time: String(sec(-40)),
        acc: '6',
        spd: '2.5',
        batt: '70',
      }).toString();
      const g = await fetch(gl);
      expect(g.status).toBe(200);
      expect(JSON.parse(await bobSees(52.523, 13.412))).toMatchObject({ speed: 2.5, acc: 6 });

      // …and a body the person wrote as JSON, posted to the same URL.
      const gj = await fetch(gl.toString().split('&lat=')[0] as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lat: 52.5235, lon: 13.4125, time: new Date((sec(-38) as number) * 1000).toISOString(), spd: 1.5 }),
      });
      expect(gj.status).toBe(200);
      expect(JSON.parse(await bobSees(52.5235, 13.4125))).toMatchObject({ speed: 1.5 });

      // Traccar Client / OsmAnd, query form: speed in knots.
      const tq = `${base}/?id=${traccar.deviceIdentifier}&lat=52.524&lon=13.413&timestamp=${sec(-35)}&speed=10&accuracy=5&batt=60`;
      expect((await fetch(tq, { method: 'POST' })).status).toBe(200);
      expect(JSON.parse(await bobSees(52.524, 13.413)).speed).toBeCloseTo(5.14, 2);

      // Traccar Client 9's JSON form: m/s, battery 0–1.
      const tj = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          device_id: traccar.deviceIdentifier,
          location: {
            timestamp: new Date((sec(-30) as number) * 1000).toISOString(),
            coords: { latitude: 52.525, longitude: 13.414, accuracy: 4, speed: 3, heading: -1, altitude: 40 },
            battery: { level: 0.55, is_charging: false },
          },
        }),
      });
      expect(tj.status).toBe(200);
      expect(JSON.parse(await bobSees(52.525, 13.414))).toMatchObject({ speed: 3, acc: 4 });

      // Carol, at city level, never got a coordinate finer than her level.
      const carolGot = locations(carol);
      expect(carolGot.length).toBeGreaterThan(0);
      expect(carolGot.every((e) => e.level === 'city' || e.level === 'unknown')).toBe(true);
      for (const lat of [52.520_1, 52.522, 52.523, 52.524, 52.525]) expect(carolGot.some((e) => e.lat === lat)).toBe(false);

      // Acceptance 4: what cannot be read is refused, with words; nothing else is touched.
      const truncated = await fetch(at(overland.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"locations":[{"type":"Fea',
      });
      expect(truncated.status).toBe(400);
      expect(await errorOf(truncated)).toMatch(/JSON/);
      const tooMany = await postOverland({ locations: Array.from({ length: 1001 }, (_, i) => feature(13.4, 52.5, sec(-3000 + i), 1)) });
      expect(tooMany.status).toBe(400);
      expect(await errorOf(tooMany)).toMatch(/1000/);
      const wrongType = await postOverland({ locations: 'not a list' });
      expect(wrongType.status).toBe(400);
      const noToken = await fetch(`${base}/overland`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(noToken.status).toBe(401);
      expect(await errorOf(noToken)).toContain('entwine bridge setup overland');
      const wrongApp = await fetch(`${base}/overland?token=${gpslogger.url.match(/token=([^&]+)/)?.[1]}`, {
        method: 'POST',
        body: JSON.stringify(batch),
      });
      expect(wrongApp.status).toBe(401);
      // A batch with a null-island point and a good one: ok, and only the good one is kept (below).
      const mixed = await postOverland({ locations: [feature(0, 0, sec(-20), 1), feature(13.415, 52.526, sec(-20), 1)] });
      expect(mixed.status).toBe(200);
      await bobSees(52.526, 13.415);
      // A resend of a batch already answered adds nothing (counted below).
      expect((await postOverland(batch)).status).toBe(200);
      await bridge.waitFor((l) => l.includes('overland: 0 new points, 2 already kept'));

      // OwnTracks shows Bob as a friend once he shares a position with Alice.
      await run('Bob', 'share', '--lat', '48.8566', '--lon', '2.3522');
      const friends = await until(
        'Bob among the friends the bridge answers OwnTracks with',
        async () => {
          const r = await fetch(`${base}/owntracks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: basic },
            body: JSON.stringify({ _type: 'lwt', tst: sec(0) }),
          });
          const list = (await r.json()) as { _type: string; lat?: number; name?: string; tid?: string }[];
          return list.some((m) => m._type === 'location') ? list : undefined;
        },
        30_000,
      );
      expect(friends.find((m) => m._type === 'location')).toMatchObject({ lat: 48.8566, lon: 2.3522, tid: 'BO' });
      expect(friends.find((m) => m._type === 'card')).toMatchObject({ name: 'Bob', tid: 'BO' });
    } finally {
      await Promise.all([bob.stop(), carol.stop()]);
      expect(await bridge.stop('SIGTERM')).toBe(0);
    }

    // Her vault holds every fix the apps sent (the bridge sealed them as it stopped), none twice, no 0,0.
    const [day] = JSON.parse(await run('Alice', 'trail', ...dayOfArgs(sentAt), '--json')) as {
      fixes: { lat: number; lon: number; speed?: number }[];
    }[];
    const kept = (day?.fixes ?? []).map((f) => `${f.lat},${f.lon}`);
    for (const p of [
      '52.5201,13.4049',
      '52.521,13.41',
      '52.522,13.411',
      '52.523,13.412',
      '52.524,13.413',
      '52.525,13.414',
      '52.526,13.415',
    ]) {
      expect(
        kept.filter((k) => k === p),
        p,
      ).toHaveLength(1);
    }
    expect(kept).not.toContain('0,0');
    // `bridge apps` says when each app last reported (and never shows a token).
    const listed = await run('Alice', 'bridge', 'apps', '--json');
    expect(listed).not.toContain(overland.url.split('token=')[1] as string);
    const apps = JSON.parse(listed) as { app: string; lastReported: string | null; lastPoints: number | null }[];
    expect(apps.map((a) => a.app)).toEqual(['gpslogger', 'overland', 'owntracks', 'traccar']);
    for (const a of apps) expect(Date.parse(a.lastReported ?? '')).toBeGreaterThan(Date.now() - 180_000);
  }, 180_000);
});
