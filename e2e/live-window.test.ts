// Issue 13, acceptance 2 (decision 0014 §1), through two CLIs and a relay on a clock the test moves forward:
// - once the partner's device has read them (its `entwine watch`), Alice's live envelopes are gone from the
//   relay's database: no row, and none of their bytes in the file or its WAL;
// - a partner who was away (no `watch` running) but comes back within the live window gets every one of them;
// - one who comes back after it is told how many expired unread ("N updates from Alice expired before this
//   device read them", by `watch` and `bonds`), counting only those it had not read, instead of a silent gap.
import { DAY_MS } from '@entwine/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bondedPair, spawnCli } from './support/cli.ts';
import { readState } from './support/raw-client.ts';
import { relayForFile } from './support/relay.ts';
import { RelayClock } from './support/relay-clock.ts';
import { envelopeRows, fingerprint, piecesOnDisk } from './support/relay-db.ts';
import { until } from './support/until.ts';

const clock = new RelayClock();
const relay = relayForFile({ tag: 'live-window', clock });
/** The relay's default live window (`entwine start --live-days`), which this relay keeps. */
const LIVE_DAYS = 7;

/** Distinct places, one per `entwine share`, so each reads back as its own line in `watch`. */
const places = (n: number, lat0: number) => Array.from({ length: n }, (_, i) => ({ lat: (lat0 + i * 0.001).toFixed(4), lon: '6.6000' }));
const lineOf = (p: { lat: string; lon: string }) => `Alice  ${Number(p.lat).toFixed(6)} ${Number(p.lon).toFixed(6)}`;

async function aliceAndBob() {
  const pair = await bondedPair(relay.url);
  const bondId = (pair.bondsA.bonds as { bondId: string; name: string }[]).find((b) => b.name === 'Bob')?.bondId as string;
  const alice = (await readState(pair.homeA)).device.deviceId;
  /** Alice's envelopes to Bob that the relay still keeps (Bob's own ticks to Alice are not his to read). */
  const fromAlice = () => envelopeRows(relay.dataDir, bondId).filter((r) => r.senderDevice === alice);
  const share = async (ps: { lat: string; lon: string }[]) => {
    for (const p of ps) await pair.a('share', '--lat', p.lat, '--lon', p.lon);
  };
  const watchB = () => spawnCli(['watch', '--home', pair.homeB, '--server', relay.url]);
  return { ...pair, bondId, fromAlice, share, watchB };
}

type Pair = Awaited<ReturnType<typeof aliceAndBob>>;
const pairs: Pair[] = [];

describe('live envelopes are transient', () => {
  // Bonded before the relay's clock moves: an invite's expiry is the inviter's clock, which the relay checks.
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) pairs.push(await aliceAndBob());
  }, 120_000);

  it('what the partner read is gone from the file; one back within the live window gets all it missed', async () => {
    const p = pairs[0] as Pair;
    const sent = places(4, 46.5);
    await p.share(sent);
    const stored = p.fromAlice();
    expect(stored.length).toBeGreaterThanOrEqual(sent.length);
    const pieces = stored.map((r) => fingerprint(r.body));
    expect(piecesOnDisk(relay.dataDir, pieces), 'the scan finds them while they are kept').toBe(pieces.length);

    // Bob was away for six days: nothing of it expires.
    clock.advance((LIVE_DAYS - 1) * DAY_MS);
    await relay.sweep();
    expect(p.fromAlice()).toHaveLength(stored.length);

    const watch = p.watchB();
    try {
      for (const place of sent) await watch.waitFor((l) => l.includes(lineOf(place)));
      expect(watch.lines.filter((l) => l.includes('expired before this device read them'))).toEqual([]);
      await until('the relay to delete what Bob read', async () => (p.fromAlice().length === 0 ? true : undefined));
    } finally {
      await watch.stop();
    }
    // The rows go at the read report; their bytes stay in the WAL's older frames until the relay reclaims, which
    // is batched (sqlite-reclaim.ts): at the latest on its sweep, every minute. Run here at once.
    await relay.sweep();
    expect(piecesOnDisk(relay.dataDir, pieces)).toBe(0);
    expect(await p.b('bonds')).not.toContain('missed:');
  }, 120_000);

  it('one back after the live window is told how many expired unread, counting only what it had not read', async () => {
    const p = pairs[1] as Pair;
    const read = places(2, 47.1);
    await p.share(read);
    const watch = p.watchB();
    try {
      for (const place of read) await watch.waitFor((l) => l.includes(lineOf(place)));
      await until('the relay to delete what Bob read', async () => (p.fromAlice().length === 0 ? true : undefined));
    } finally {
      await watch.stop();
    }

    const unread = places(3, 47.2);
    await p.share(unread);
    const stored = p.fromAlice();
    expect(stored.length).toBeGreaterThanOrEqual(unread.length);
    const pieces = stored.map((r) => fingerprint(r.body));
    clock.advance(LIVE_DAYS * DAY_MS + 60_000);
    await relay.sweep();
    expect(p.fromAlice()).toEqual([]);
    expect(piecesOnDisk(relay.dataDir, pieces)).toBe(0);

    const words = `${stored.length} updates from Alice expired before this device read them`;
    const back = p.watchB();
    try {
      await back.waitFor((l) => l.includes(words));
      expect(back.lines.find((l) => l.includes(words))).toBe(`${words} (${stored.length} in all)`);
      for (const place of unread) expect(back.lines.some((l) => l.includes(lineOf(place)))).toBe(false);
    } finally {
      await back.stop();
    }
    expect(await p.b('bonds')).toContain(`missed:        ${words}`);
  }, 120_000);
});
