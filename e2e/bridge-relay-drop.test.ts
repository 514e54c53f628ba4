// Issue 15 (OwnTracks encrypted mode, "the app may also post straight to the relay"), decision 0019. The
// phone cannot reach Alice's bridge, so OwnTracks posts sealed to her app drop on the relay, which keeps each
// post as an opaque blob and refuses anything readable. Her bridge, started later, collects the posts, opens
// them with the app's key, records them in her vault and only then lets the relay delete them; Bob's `watch`
// shows her newest position. A resend of the same posts adds nothing to her trail; the drop is empty after.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { encryptOwnTracks, owntracksKey } from '@entwine/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bondedHub, spawnCli } from './support/cli.ts';
import { dayOfArgs, endWithinOneDay } from './support/one-day.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/until.ts';

const suite = relayForSuite('bridge-relay-drop', { process: true });

interface RelaySetup {
  url: string;
  password: string;
  encryptionKey: string;
  viaRelay: boolean;
}

type TrailJson = { fixes?: { ts: number; lat: number; lon: number }[] }[];

/** How many posts wait in the relay's drops (read from its database, as an operator could). */
function waitingPosts(dataDir: string): number {
  const db = new Database(join(dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM drop_posts').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('OwnTracks posting sealed to the relay', () => {
  it("the bridge collects the app's sealed posts from its drop, records them once, and the partner sees them", async () => {
    const server = suite.relay.url;
    const { run, home } = await bondedHub(server, 'Alice', ['Bob']);
    const setup = JSON.parse(await run('Alice', 'bridge', 'setup', 'owntracks', '--via-relay', '--json')) as RelaySetup;
    expect(setup.viaRelay).toBe(true);
    expect(setup.url.startsWith(`${server}/v1/drops/`)).toBe(true);
    const key = owntracksKey(setup.encryptionKey);
    const basic = `Basic ${Buffer.from(`entwine:${setup.password}`).toString('base64')}`;
    const appPost = (body: unknown) =>
      fetch(setup.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));

    // The phone reports three times while the bridge is not running; the relay keeps the sealed posts.
    const now = Math.floor(endWithinOneDay(120_000) / 1000);
    const points = [0, 1, 2].map((i) => ({
      lat: Number((48.8566 + i * 0.001).toFixed(4)),
      lon: Number((2.3522 + i * 0.001).toFixed(4)),
      tst: now - 120 + i * 30,
    }));
    const sealed = points.map((p) => encryptOwnTracks({ _type: 'location', ...p, acc: 10, vel: 18, tid: 'ph' }, key, randomBytes(24)));
    for (const s of sealed) expect(await appPost(s)).toEqual({ status: 200, body: [] });
    // A readable position is refused, and nothing of it kept.
    const plain = await appPost({ _type: 'location', lat: 48.9, lon: 2.4, tst: now });
    expect(plain.status).toBe(400);
    expect(plain.body).toMatchObject({ code: 'ENTWINE_ERR_DROP_PLAINTEXT' });
    expect(waitingPosts(suite.relay.dataDir)).toBe(3);

    const bob = spawnCli(['watch', '--json', '--home', home('Bob'), '--server', server]);
    const bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--collect-every', '0.5', '--home', home('Alice'), '--server', server]);
    try {
      expect(await bridge.waitFor((l) => l.startsWith('Bridge listening on '))).toContain('collecting OwnTracks');
      await bridge.waitFor((l) => l.includes('owntracks (via the relay): 3 points from 3 posts'));
      const newest = points[2] as (typeof points)[number];
      await bob.waitFor((l) => {
        const e = JSON.parse(l) as { type?: string; lat?: number; lon?: number; from?: string };
        return e.type === 'location' && e.from === 'Alice' && e.lat === newest.lat && e.lon === newest.lon;
      }, 30_000);
      expect(waitingPosts(suite.relay.dataDir)).toBe(0);
      // The app never saw those answers and sends the same posts again: collected, and nothing doubled.
      for (const s of sealed) expect((await appPost(s)).status).toBe(200);
      await until('the resent posts collected', async () => (waitingPosts(suite.relay.dataDir) === 0 ? true : undefined), 30_000);
      // A post sealed under another key (an old passphrase) is let go, said without its content.
      expect(
        (await appPost(encryptOwnTracks({ _type: 'location', ...newest }, owntracksKey('an old passphrase'), randomBytes(24)))).status,
      ).toBe(200);
      await bridge.waitFor((l) => l.includes('1 the key could not open'));
    } finally {
      await bridge.stop('SIGTERM');
      await bob.stop();
    }
    expect(bridge.lines.join('\n')).not.toContain('48.85');
    const trail = JSON.parse(await run('Alice', 'trail', ...dayOfArgs(now * 1000), '--json')) as TrailJson;
    const fixes = trail.flatMap((d) => d.fixes ?? []);
    expect(fixes.map((f) => [f.ts, f.lat, f.lon])).toEqual(points.map((p) => [p.tst * 1000, p.lat, p.lon]));
    expect(waitingPosts(suite.relay.dataDir)).toBe(0);

    // One more post under the current key while no bridge runs; then a new key and token (--renew). The new key
    // could not open it, so setup collects and records it first: kept, not let go.
    const late = { lat: 48.8601, lon: 2.3555, tst: now - 30 };
    expect((await appPost(encryptOwnTracks({ _type: 'location', ...late, tid: 'ph' }, key, randomBytes(24)))).status).toBe(200);
    expect(waitingPosts(suite.relay.dataDir)).toBe(1);
    const renewed = JSON.parse(await run('Alice', 'bridge', 'setup', 'owntracks', '--via-relay', '--renew', '--json')) as RelaySetup;
    expect(renewed.url).toBe(setup.url);
    expect(renewed.encryptionKey).not.toBe(setup.encryptionKey);
    expect(renewed.password).not.toBe(setup.password);
    expect(waitingPosts(suite.relay.dataDir)).toBe(0);
    const after = (JSON.parse(await run('Alice', 'trail', ...dayOfArgs(now * 1000), '--json')) as TrailJson).flatMap((d) => d.fixes ?? []);
    expect(after.map((f) => [f.ts, f.lat, f.lon])).toContainEqual([late.tst * 1000, late.lat, late.lon]);
    expect((await appPost({ _type: 'encrypted', data: 'AAAA' })).status).toBe(401); // the old token, refused
  }, 180_000);
});
