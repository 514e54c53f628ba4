// Issue 15, acceptance 3: the acknowledgement rules of `entwine bridge`, with real processes.
//
// Killed mid-batch. The kill has to land between the bridge receiving a batch and answering it, every time.
// Stopping the process before the post (SIGSTOP) is deterministic but not mid-batch: the request then sits in
// the kernel's socket buffer and the bridge never read a byte of it, so a resend only shows that nothing was
// written. Killing after the answer left is not mid-batch either. So the bridge runs with an inspector, and
// the test stops it at a line of its own code (e2e/support/pause-at-line.ts): in the vault's append, right after
// the batch's fixes were committed to device.db (one transaction per day) and before the rest of the day's
// bookkeeping — the batch received, its points durable, the answer not yet sent. That is the point where a
// resend finds everything already kept and adds nothing, so whatever the killed run left undone has to be
// done anyway (the day still has to be sealed). SIGKILL lands there. Overland got no `{"result":"ok"}` (its connection breaks); the bridge restarted on the same home
// answers the identical resend with ok, and a second resend (the app never saw the first ok) too; and once it
// stops (SIGTERM seals), Alice's own trail holds each of the 1 000 points exactly once, in time order.
//
// Relay outage. The relay is its own process (`entwine start`), stopped and started again on its data and
// port. Batches posted while it is away are answered ok (the bridge records locally); when it is back, Bob's
// `watch` gets Alice's newest position once her bridge's device has reconnected, and after the bridge stops
// (SIGTERM seals), Bob's `entwine trail Alice --json` holds every point, those of the outage included, in
// time order, none twice.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bondedHub, type LongRunning, ok, spawnCli, tempDir } from './support/cli.ts';
import { dayOfArgs, endWithinOneDay } from './support/one-day.ts';
import { bundleLine, INSPECT_ENV, pauseAt } from './support/pause-at-line.ts';
import { type RelayProcess, relayForSuite, startRelayProcess } from './support/relay-process.ts';

const suite = relayForSuite('bridge-acks');

interface Point {
  ts: number;
  lat: number;
  lon: number;
}

/** `count` points one second apart ending a minute ago, each at its own place (4 decimals: no rounding). */
function walk(count: number, endMs: number, from = 0): Point[] {
  const last = Math.floor(endMs / 1000) * 1000;
  return Array.from({ length: count }, (_, i) => ({
    ts: last - (count - 1 - i) * 1000,
    lat: Number((52.3 + (from + i) * 0.0001).toFixed(4)),
    lon: Number((13.2 + (from + i) * 0.0001).toFixed(4)),
  }));
}

/** An Overland batch of these points, as the app posts it. */
const overlandBatch = (points: Point[]) => ({
  locations: points.map((p) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    properties: { timestamp: new Date(p.ts).toISOString(), speed: 1, horizontal_accuracy: 5 },
  })),
});

type Answer = { status: number; body: string } | { error: string };

/** Posts like the app: the answer, or the error the connection failed with. */
const post = (url: string, body: unknown): Promise<Answer> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    (e: unknown) => ({ error: e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : String(e) }),
  );

/** How many lines a process printed that contain `text` (a wait for the nth one). */
const linesWith = (proc: LongRunning, text: string) => proc.lines.filter((l) => l.includes(text)).length;

const OK = { status: 200, body: JSON.stringify({ result: 'ok' }) };

type TrailJson = { day: number; level: string; fixes?: { ts: number; lat: number; lon: number }[] }[];
const trailPoints = (json: string): Point[] =>
  (JSON.parse(json) as TrailJson).flatMap((d) => (d.fixes ?? []).map((f) => ({ ts: f.ts, lat: f.lat, lon: f.lon })));

const overlandUrl = async (run: (...args: string[]) => Promise<string>, base: string) =>
  (JSON.parse(await run('bridge', 'setup', 'overland', '--json')) as { url: string }).url.replace('http://127.0.0.1:8789', base);

describe('entwine bridge acknowledgements', () => {
  it('killed between the durable write and the answer: no ok; the resends are answered; every point once, in order', async () => {
    const server = suite.relay.url;
    const home = await tempDir('alice');
    const run = (...args: string[]) => ok([...args, '--home', home, '--server', server]);
    await run('init', '--name', 'Alice');
    // One UTC day: the vault commits a day at a time, and the pause below is after one day's commit.
    const points = walk(1000, endWithinOneDay(1000_000, Date.now() - 60_000));
    const batch = overlandBatch(points);

    // The line after the vault's write of a day's new fixes (client parts/trail.ts `append`), in the bundle.
    const where = await bundleLine(/store\.write\(ops\);/, /store\.update\(TRAIL_KINDS\d*\.day,/);
    const first = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--home', home, '--server', server], { env: INSPECT_ENV });
    let base: string;
    let url: string;
    try {
      const listening = await first.waitFor((l) => l.startsWith('Bridge listening on '), 30_000);
      base = /on (http:\/\/[0-9.]+:[0-9]+)/.exec(listening)?.[1] as string;
      url = await overlandUrl(run, base);
      const paused = await pauseAt(first, where);
      const answer = post(url, batch);
      try {
        expect(await paused.reached).toEqual({ file: pathToFileURL(where.file).href, line: where.line });
        // Stopped there, the app has no answer yet; killed there, it never gets one.
        expect(await Promise.race([answer, new Promise((r) => setImmediate(() => r('pending')))])).toBe('pending');
      } finally {
        await first.stop('SIGKILL');
        paused.close();
      }
      const lost = await answer;
      expect(lost).toHaveProperty('error');
      expect(lost).not.toHaveProperty('status');
      expect(first.lines.some((l) => l.includes('overland:'))).toBe(false);
    } finally {
      await first.stop('SIGKILL');
    }

    // The same home, the same address: the app resends the batch it still holds.
    const second = spawnCli(['bridge', '--listen', base.replace('http://', ''), '--home', home, '--server', server]);
    try {
      await second.waitFor((l) => l.startsWith('Bridge listening on '), 30_000);
      expect(await post(url, batch)).toEqual(OK);
      // The killed bridge had committed the points: the resend adds none of them again.
      await second.waitFor((l) => l.includes('overland: 0 new points, 1000 already kept'));
      // An app that missed that ok too sends once more.
      expect(await post(url, batch)).toEqual(OK);
      await second.waitFor(() => linesWith(second, 'overland: 0 new points, 1000 already kept') === 2);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
    expect(second.lines.some((l) => l.includes('trail not sealed now'))).toBe(false);

    // Her vault's sealed trail: each point exactly once, in time order.
    expect(trailPoints(await run('trail', ...dayOfArgs(points[0]?.ts ?? 0), '--json'))).toEqual(points);
  }, 180_000);

  describe('relay outage', () => {
    let root = '';
    let relay: RelayProcess | undefined;
    afterAll(async () => {
      await relay?.stop();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('the bridge answers ok while the relay is away; when it is back, Bob sees the newest and trails every point once', async () => {
      root = await tempDir('bridge-outage');
      const dataDir = join(root, 'data');
      const logDir = join(root, 'logs');
      relay = await startRelayProcess({ dataDir, logDir, tag: 'before' });
      const { port } = relay;
      const server = relay.url;
      const { run, home } = await bondedHub(server, 'Alice', ['Bob']);
      await run('Alice', 'shield', 'Bob', 'trail', 'exact');

      const now = endWithinOneDay(120_000);
      // Before the outage, three batches during it, one after: 5 points each, in time order, one second apart.
      const batches = [0, 1, 2, 3, 4].map((b) => walk(5, now - 120_000 + (b + 1) * 5000, b * 5));
      const bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--home', home('Alice'), '--server', server]);
      const bob = spawnCli(['watch', '--json', '--home', home('Bob'), '--server', server]);
      try {
        const listening = await bridge.waitFor((l) => l.startsWith('Bridge listening on '), 30_000);
        const url = await overlandUrl((...args) => run('Alice', ...args), /on (http:\/\/[0-9.]+:[0-9]+)/.exec(listening)?.[1] as string);
        await bob.waitFor((l) => l.includes('"state":"open"'), 30_000);
        const bobSees = (p: Point) =>
          bob.waitFor((l) => {
            const e = JSON.parse(l) as { type: string; level?: string; lat?: number; lon?: number };
            return e.type === 'location' && e.level === 'exact' && e.lat === p.lat && e.lon === p.lon;
          }, 60_000);

        expect(await post(url, overlandBatch(batches[0] as Point[]))).toEqual(OK);
        await bobSees((batches[0] as Point[])[4] as Point);

        await relay.stop('SIGTERM');
        relay = undefined;
        for (const b of batches.slice(1, 4)) expect(await post(url, overlandBatch(b))).toEqual(OK);
        const outage = batches.slice(1, 4).flat();
        await bridge.waitFor(() => linesWith(bridge, 'overland: 5 new points, 0 already kept') === 4);

        relay = await startRelayProcess({ dataDir, logDir, port, tag: 'after' });
        // Once Alice's bridge is signed in again, its next tick carries the newest position of the outage.
        await bobSees(outage.at(-1) as Point);

        expect(await post(url, overlandBatch(batches[4] as Point[]))).toEqual(OK);
        await bobSees((batches[4] as Point[])[4] as Point);
      } finally {
        await bob.stop();
        expect(await bridge.stop('SIGTERM')).toBe(0);
      }
      expect(bridge.lines.some((l) => l.includes('trail not sealed now'))).toBe(false);

      // Every point, the outage's included, once each and in time order, in the trail Bob reads.
      const day = dayOfArgs(now);
      const trail = trailPoints(await run('Bob', 'trail', 'Alice', ...day, '--json'));
      expect(trail).toEqual(batches.flat());
      // And in her own vault's.
      expect(trailPoints(await run('Alice', 'trail', ...day, '--json'))).toEqual(batches.flat());
    }, 240_000);
  });
});
