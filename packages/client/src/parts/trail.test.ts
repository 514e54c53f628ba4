// The trail part (decision 0014): fixes go into their day's records; a day is sealed for the vault and for each
// bond at its trail level, not on every fix; a partner reads exactly the fixes at exact and only cells at an
// area level; stale, moved and flipped chunks are damaged; retention leaves old days out; sealing a day reads
// that day's records only.
import {
  detectEd25519,
  type Ed25519,
  emptyReplayState,
  gpxFixParser,
  hpkeSuite,
  peekChunkHeader,
  type ShieldLevel,
  shieldPolicy,
  systemRandom,
  type TrailFix,
  type TrailPage,
  toBase64url,
} from '@entwine/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ctx, DeviceDeps } from '../context.ts';
import type { BondState, DeviceState } from '../state.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { memoryStore } from '../store/memory-store.ts';
import { changes, opsFor } from '../store/records.ts';
import { dayKey, TRAIL_KINDS } from '../store/trail-records.ts';
import { emptyView } from '../view.ts';
import { newIdentityState } from './identity.ts';
import type { StoreCtx } from './owners.ts';
import { type TrailDeps, TrailPart } from './trail.ts';
import type { TrailEntry } from './trail-reader.ts';

const DAY = 86_400_000;
const T0 = 20_428 * DAY; // 2025-12-06T00:00Z
let ed: Ed25519;
beforeAll(async () => {
  ed = await detectEd25519();
});

/** A relay's chunk store as 0014 says: the newest revision per (owner, sender, day); pages of `perPage` days. */
function fakeRelay(perPage = 1000) {
  const chunks = new Map<string, Uint8Array>();
  const posted: Uint8Array[] = [];
  let served: ((c: Uint8Array) => Uint8Array) | undefined;
  const relay = {
    posted,
    chunks,
    /** Serve every chunk through `f` (a relay that tampers or replays). */
    serveThrough: (f: (c: Uint8Array) => Uint8Array) => {
      served = f;
    },
    vaultBlobs: [] as { epochId: string; blob: unknown }[],
    retention: new Map<string, number | null>(),
    api: {
      postChunk: async (chunk: Uint8Array) => {
        const h = peekChunkHeader(chunk);
        if (!h) throw new Error('not a chunk');
        const key = `${h.ownerId}/${h.day}/${h.senderDevice}`;
        const old = chunks.get(key);
        if (old && (peekChunkHeader(old)?.revision ?? 0n) >= h.revision) throw new Error('stale');
        chunks.set(key, chunk);
        posted.push(chunk);
      },
      trailPage: async (ownerId: string, from: number, to: number): Promise<TrailPage> => {
        const mine = [...chunks.entries()]
          .filter(([k]) => k.startsWith(`${ownerId}/`))
          .map(([, c]) => c)
          .filter((c) => {
            const d = peekChunkHeader(c)?.day ?? -1;
            return d >= from && d <= to;
          })
          .sort((a, b) => (peekChunkHeader(a)?.day ?? 0) - (peekChunkHeader(b)?.day ?? 0));
        const days = [...new Set(mine.map((c) => peekChunkHeader(c)?.day ?? 0))];
        const kept = days.slice(0, perPage);
        const page = mine.filter((c) => kept.includes(peekChunkHeader(c)?.day ?? -1)).map((c) => (served ? served(c) : c));
        return { chunks: page, nextDay: days.length > perPage ? days[perPage] : undefined };
      },
      vaultKeys: async () => relay.vaultBlobs,
      postVaultKey: async (epochId: string, blob: unknown) => {
        relay.vaultBlobs.push({ epochId, blob });
        return { status: 'stored' };
      },
      setRetention: async (bondId: string, days: number | null) => {
        relay.retention.set(bondId, days);
        return { days };
      },
    },
  };
  return relay;
}

type Relay = ReturnType<typeof fakeRelay>;

async function person(name: string, relay: Relay, clock: { now: number }, store: DeviceStore = memoryStore()) {
  const deps = { ed, random: systemRandom(), clock: { now: () => clock.now }, store, transport: { origin: 'http://relay' } };
  const { state } = await newIdentityState(deps as unknown as DeviceDeps, { name });
  const ctx = {
    deps,
    state,
    api: relay.api,
    suite: hpkeSuite(),
    emit: () => undefined,
    save: async () => undefined,
    mark: () => undefined,
    refresh: async () => undefined,
  } as unknown as Ctx;
  return { ctx: ctx as unknown as StoreCtx, state, store };
}

/** Alice and Bob bonded, Alice sharing her trail at `level`; Bob holds the key of Alice's sending epoch. */
async function bonded(level: ShieldLevel, perPage?: number, more: Partial<TrailDeps> = {}, aliceStore?: DeviceStore) {
  const relay = fakeRelay(perPage);
  const clock = { now: T0 + 8 * 3_600_000 };
  const alice = await person('Alice', relay, clock, aliceStore);
  const bob = await person('Bob', relay, clock);
  const bondId = toBase64url(systemRandom().bytes(16));
  const epoch = {
    epochId: toBase64url(systemRandom().bytes(8)),
    key: toBase64url(systemRandom().bytes(32)),
    nextSeq: '1',
    createdAt: 0,
    distributed: true,
  };
  const deviceOf = (s: DeviceState) => ({ deviceId: s.device.deviceId, signPub: s.device.signPub, dhPub: s.device.dhPub });
  const bond = (peer: DeviceState, receiving: BondState['receiving']): BondState =>
    ({
      bondId,
      status: 'active',
      verification: 'match',
      peer: { name: peer.name, userId: peer.identity.userId, devices: [deviceOf(peer)] },
      shield: shieldPolicy({ trail: level }),
      receiving,
      cursor: '0',
      sentView: emptyView(),
      receivedView: emptyView(),
    }) as unknown as BondState;
  alice.state.bonds[bondId] = bond(bob.state, {});
  bob.state.bonds[bondId] = bond(alice.state, {
    [`${alice.state.device.deviceId}/${epoch.epochId}`]: { key: epoch.key, replay: emptyReplayState(), index: 0 },
  } as unknown as BondState['receiving']);
  const notices: unknown[] = [];
  const part = (ctx: StoreCtx) =>
    new TrailPart(ctx, {
      sendingEpoch: async () => epoch,
      notify: async (_b, n) => {
        notices.push(n);
      },
      refreshKeys: async () => undefined,
      tickMs: 15_000,
      ...more,
    });
  return {
    relay,
    clock,
    alice: { ...alice, trail: part(alice.ctx) },
    bob: { ...bob, trail: part(bob.ctx), bond: bob.state.bonds[bondId] as BondState },
    notices,
  };
}

/** Alice with no bond, on a store that notes every listing (kind and prefix), at `now`. */
async function alone(now: number) {
  const store = memoryStore();
  const listed: string[] = [];
  const watched: DeviceStore = {
    ...store,
    list: (kind, prefix) => {
      listed.push(`${kind} ${prefix}`);
      return store.list(kind, prefix);
    },
  };
  const alice = await person('Alice', fakeRelay(), { now }, watched);
  const trail = new TrailPart(alice.ctx, {
    sendingEpoch: async () => {
      throw new Error('no bond');
    },
    notify: async () => undefined,
    refreshKeys: async () => undefined,
    tickMs: 15_000,
  });
  return { trail, listed };
}

/** A walk of `n` fixes, one per 10 s from `start`, heading north-east (places at the trail's 1e-7°). */
const walk = (start: number, n: number): TrailFix[] =>
  Array.from({ length: n }, (_, i) => ({
    ts: start + i * 10_000,
    lat: (525_000_000 + i * 1000) / 1e7,
    lon: (134_000_000 + i * 1000) / 1e7,
    acc: 5,
    speed: 1.2,
  }));

async function all(it: AsyncGenerator<TrailEntry>): Promise<TrailEntry[]> {
  const out: TrailEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const DAY0 = T0 / DAY;

describe('the trail part', () => {
  it('at exact: the partner reads exactly the recorded fixes, and the vault holds them too', async () => {
    const { alice, bob, relay, notices } = await bonded('exact');
    const fixes = walk(T0 + 3_600_000, 30);
    await alice.trail.append(fixes);
    const report = await alice.trail.seal({ now: true });
    expect(report.chunks).toBe(2); // the vault's and the bond's
    expect(relay.vaultBlobs).toHaveLength(1); // the vault epoch, created on first use
    expect(notices).toEqual([{ kind: 'trail', ts: alice.ctx.deps.clock.now(), day: DAY0, revision: expect.any(String) }]);
    const got = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    expect(got).toHaveLength(1);
    const entry = got[0];
    if (!entry || !('trail' in entry) || entry.trail.level !== 'exact')
      throw new Error(`expected an exact day, got ${JSON.stringify(entry)}`);
    expect(entry.trail.fixes).toEqual(fixes);
    const own = await all(alice.trail.read(undefined, DAY0, DAY0));
    expect(own.map((e) => ('trail' in e && e.trail.level === 'exact' ? e.trail.fixes : e))).toEqual([fixes]);
    expect(await alice.trail.unsealedDays()).toEqual([]);
  });

  it('pauses between its long steps where the host gives a pause; a fix added meanwhile keeps the day for the next seal', async () => {
    let pauses = 0;
    let during: (() => Promise<unknown>) | undefined;
    const { alice, bob } = await bonded('exact', undefined, {
      yieldToEvents: async () => {
        pauses++;
        const run = during;
        during = undefined;
        await run?.(); // what the host ran meanwhile: an app's next post
      },
    });
    const fixes = walk(T0 + 3_600_000, 30);
    await alice.trail.append(fixes.slice(0, 20));
    during = () => alice.trail.append(fixes.slice(20));
    await alice.trail.seal({ now: true });
    // Read; stays derived; the vault's chunk encoded; the bond's chunk (its plaintext the vault's) encoded.
    expect(pauses).toBeGreaterThanOrEqual(4);
    expect(await alice.trail.unsealedDays()).toEqual([DAY0]); // the 10 added during the seal are not in it
    await alice.trail.seal({ now: true });
    const [entry] = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    expect(entry && 'trail' in entry && entry.trail.level === 'exact' ? entry.trail.fixes : entry).toEqual(fixes);
    expect(await alice.trail.unsealedDays()).toEqual([]);
  });

  it('a write still on its way to the store when a seal ends keeps its day listed; one that starts after, lists it again', async () => {
    // A store whose fix writes wait at a gate (a slow commit): the write is counted before it is made, so the
    // seal that ends meanwhile sees it, whatever the clock says (here it does not move at all).
    const base = memoryStore();
    let gate: Promise<void> | undefined;
    const store: DeviceStore = {
      ...base,
      write: async (ops) => {
        if (gate && ops.some((o) => o.kind === TRAIL_KINDS.fix)) await gate;
        return base.write(ops);
      },
    };
    let during: (() => void) | undefined;
    const { alice, bob } = await bonded(
      'exact',
      undefined,
      {
        yieldToEvents: async () => {
          const run = during;
          during = undefined;
          run?.();
        },
      },
      store,
    );
    const fixes = walk(T0 + 3_600_000, 30);
    await alice.trail.append(fixes.slice(0, 10));
    let open: () => void = () => undefined;
    gate = new Promise<void>((r) => {
      open = r;
    });
    let pending: Promise<unknown> | undefined;
    during = () => {
      pending = alice.trail.append(fixes.slice(10, 20)); // not awaited: its write waits at the gate
    };
    await alice.trail.seal({ now: true });
    expect(await alice.trail.unsealedDays()).toEqual([DAY0]);
    open();
    gate = undefined;
    await pending;
    await alice.trail.seal({ now: true });
    expect(await alice.trail.unsealedDays()).toEqual([]);
    // Sealed and off the list: a write now lists the day again, and the next seal takes it.
    await alice.trail.append(fixes.slice(20));
    expect(await alice.trail.unsealedDays()).toEqual([DAY0]);
    await alice.trail.seal({ now: true });
    const [entry] = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    expect(entry && 'trail' in entry && entry.trail.level === 'exact' ? entry.trail.fixes : entry).toEqual(fixes);
  });

  it('at neighbourhood: only cells with enter and leave ticks, no fix', async () => {
    const { alice, bob } = await bonded('neighbourhood');
    await alice.trail.append(walk(T0 + 3_600_000, 60));
    await alice.trail.seal({ now: true });
    const [entry] = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    if (!entry || !('trail' in entry)) throw new Error('expected a day');
    expect(entry.trail.level).toBe('neighbourhood');
    expect('fixes' in entry.trail).toBe(false);
    const visits = 'visits' in entry.trail ? entry.trail.visits : [];
    expect(visits.length).toBeGreaterThan(0);
    for (const v of visits) {
      expect(Object.keys(v).sort()).toEqual(['cell', 'enter', 'leave']);
      expect(v.enter % 15_000).toBe(0);
    }
  });

  it('frozen and hidden seal nothing for the bond (the vault still gets the day)', async () => {
    for (const level of ['frozen', 'hidden'] as const) {
      const { alice, relay } = await bonded(level);
      await alice.trail.append(walk(T0 + 3_600_000, 5));
      expect((await alice.trail.seal({ now: true })).chunks).toBe(1);
      expect(relay.posted.map((c) => peekChunkHeader(c)?.ownerId)).not.toContain(Object.keys(alice.state.bonds)[0]);
    }
  });

  it('seals a growing day once its last seal is older than the period, or once the day has ended — not per fix', async () => {
    const { alice, relay, clock } = await bonded('exact');
    await alice.trail.append(walk(clock.now, 3));
    expect((await alice.trail.seal()).chunks).toBe(0); // first fix just now: not due
    clock.now += 10 * 60_000;
    expect((await alice.trail.seal()).chunks).toBe(2);
    expect((await alice.trail.seal()).chunks).toBe(0); // nothing new
    await alice.trail.append(walk(clock.now, 2));
    clock.now += 60_000;
    expect((await alice.trail.seal()).chunks).toBe(0); // new fixes, but sealed a minute ago
    clock.now = T0 + DAY + 1000; // the day ended
    expect((await alice.trail.seal()).chunks).toBe(2);
    const revisions = relay.posted.map((c) => peekChunkHeader(c)?.revision ?? 0n);
    expect(revisions[2]).toBeGreaterThan(revisions[0] ?? 0n);
  });

  it('refuses a replayed older revision as stale, a flipped bit and a chunk of another day as forged', async () => {
    const { alice, bob, relay, clock } = await bonded('exact');
    await alice.trail.append(walk(T0 + 3_600_000, 5));
    await alice.trail.seal({ now: true });
    const first = relay.posted[1] as Uint8Array; // the bond's first version
    clock.now += 60_000;
    await alice.trail.append(walk(T0 + 4 * 3_600_000, 5));
    await alice.trail.seal({ now: true });
    expect((await all(bob.trail.read(bob.bond, DAY0, DAY0)))[0]).toHaveProperty('trail');
    relay.serveThrough(() => first); // the relay serves the older version again
    expect((await all(bob.trail.read(bob.bond, DAY0, DAY0)))[0]).toMatchObject({ damaged: 'stale' });
    relay.serveThrough((c) => {
      const flipped = c.slice();
      flipped[100] = (flipped[100] ?? 0) ^ 1;
      return flipped;
    });
    expect((await all(bob.trail.read(bob.bond, DAY0, DAY0)))[0]).toMatchObject({ damaged: 'forged' });
    relay.serveThrough((c) => c);
    // Asked for the next day, served this one: not the day asked for.
    const original = relay.api.trailPage;
    relay.api.trailPage = async (owner, _from, to) => original(owner, DAY0, to);
    expect(await all(bob.trail.read(bob.bond, DAY0 + 1, DAY0 + 1))).toEqual([
      { day: DAY0, senderDevice: alice.state.device.deviceId, damaged: 'forged' },
    ]);
  });

  it('follows nextDay page by page and yields one day at a time', async () => {
    const { alice, bob } = await bonded('exact', 1);
    for (let d = 0; d < 3; d++) await alice.trail.append(walk(T0 + d * DAY + 3_600_000, 4));
    await alice.trail.seal({ now: true });
    const days = (await all(bob.trail.read(bob.bond, DAY0, DAY0 + 2))).map((e) => e.day);
    expect(days).toEqual([DAY0, DAY0 + 1, DAY0 + 2]);
  });

  it('leaves out days outside the retention set for the partner, and tells the relay the retention', async () => {
    const { alice, relay, clock } = await bonded('exact');
    const bond = Object.values(alice.state.bonds)[0];
    await alice.trail.setRetention(bond, 'Bob', 7);
    expect(relay.retention.get(bond?.bondId ?? '')).toBe(7);
    expect(await alice.trail.retentionOf(bond?.bondId ?? '')).toBe(7);
    clock.now = T0 + 10 * DAY;
    await alice.trail.append([...walk(T0 + 3_600_000, 3), ...walk(T0 + 9 * DAY + 3_600_000, 3)]);
    const report = await alice.trail.seal({ now: true });
    expect(report).toEqual({ chunks: 3, outsideRetention: 1 }); // two vault days, one bond day
  });

  it('seals the day `retention` days back, as the relay keeps it: at 1 day, yesterday’s last fixes after midnight', async () => {
    const { alice, bob, clock } = await bonded('exact');
    const bond = Object.values(alice.state.bonds)[0];
    await alice.trail.setRetention(bond, 'Bob', 1);
    // Fixes two days back and in yesterday's last minutes; the day is sealed a minute after midnight.
    await alice.trail.append([...walk(T0 + 3_600_000, 2), ...walk(T0 + 2 * DAY - 300_000, 3)]);
    clock.now = T0 + 2 * DAY + 60_000;
    expect(await alice.trail.seal({ now: true })).toEqual({ chunks: 3, outsideRetention: 1 }); // two vault days, yesterday for Bob
    const got = await all(bob.trail.read(bob.bond, DAY0, DAY0 + 1));
    expect(got.map((e) => e.day)).toEqual([DAY0 + 1]);
  });

  it('ending the bond leaves no trail record that names it (retention, revisions sealed and read)', async () => {
    const { alice, bob } = await bonded('exact');
    const bond = Object.values(alice.state.bonds)[0] as BondState;
    await alice.trail.setRetention(bond, 'Bob', 7);
    await alice.trail.append(walk(T0 + 3_600_000, 5));
    await alice.trail.seal({ now: true });
    await all(bob.trail.read(bob.bond, DAY0, DAY0));
    const naming = async (who: { store: DeviceStore }) => {
      const found: string[] = [];
      for (const kind of Object.values(TRAIL_KINDS))
        for (const r of await who.store.list(kind)) if (r.id.includes(bond.bondId)) found.push(`${kind}/${r.id}`);
      return found;
    };
    expect((await naming(alice)).length).toBeGreaterThan(0); // the check can find them
    expect((await naming(bob)).length).toBeGreaterThan(0);
    for (const who of [alice, bob]) {
      delete who.state.bonds[bond.bondId];
      await who.store.write(opsFor(who.state, [changes.bondAll(bond.bondId)]));
      expect(await naming(who)).toEqual([]);
    }
  });

  it('reads only the day being sealed, never the whole history', async () => {
    const { trail, listed } = await alone(T0 + 40 * DAY);
    for (let d = 0; d < 30; d++) await trail.append(walk(T0 + d * DAY, 3));
    await trail.seal({ now: true });
    listed.length = 0;
    await trail.append(walk(T0 + 40 * DAY, 3));
    await trail.seal({ now: true });
    expect(listed).toEqual([`trail-fix ${String(DAY0 + 40).padStart(8, '0')}/`]);
  });

  it('packs an ended day into one record: a few bytes a fix on the device, the same fixes read back', async () => {
    const { alice, bob, clock } = await bonded('exact');
    const fixes = walk(T0 + 3_600_000, 600);
    await alice.trail.append(fixes);
    expect((await alice.store.list(TRAIL_KINDS.fix, `${dayKey(DAY0)}/`)).length).toBe(600);
    clock.now = T0 + DAY + 60_000; // the day ended: the next seal seals it and packs it
    await alice.trail.seal();
    expect(await alice.store.list(TRAIL_KINDS.fix)).toEqual([]);
    const packed = await alice.store.list(TRAIL_KINDS.packed);
    expect(packed.map((r) => r.id)).toEqual([dayKey(DAY0)]);
    expect(packed[0]?.value.length).toBeLessThan(600 * 8);
    expect(await alice.store.get(TRAIL_KINDS.loose, '')).toEqual(new TextEncoder().encode('[]'));
    // An import into the ended day later: what was packed counts as kept, the new fixes join it, and the
    // next seal gives the partner the whole day and packs it again.
    const later = walk(T0 + 3_600_000 + 600 * 10_000, 5);
    expect(await alice.trail.append([...fixes.slice(0, 50), ...later], { skipKept: true })).toEqual({ added: 5, duplicates: 50 });
    await alice.trail.seal({ days: [DAY0] });
    const [entry] = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    if (!entry || !('trail' in entry) || entry.trail.level !== 'exact')
      throw new Error(`expected an exact day, got ${JSON.stringify(entry)}`);
    expect(entry.trail.fixes).toEqual([...fixes, ...later]);
    expect(await alice.store.list(TRAIL_KINDS.fix)).toEqual([]);
  });

  it('drops fixes it already keeps when asked (an import run twice)', async () => {
    const { alice } = await bonded('exact');
    const fixes = walk(T0, 10);
    expect(await alice.trail.append(fixes, { skipKept: true })).toEqual({ added: 10, duplicates: 0 });
    expect(await alice.trail.append(fixes, { skipKept: true })).toEqual({ added: 0, duplicates: 10 });
  });
});

/** A GPX track of `n` points one minute apart from `start`, as text. */
function gpx(start: number, n: number): string {
  const pts = Array.from({ length: n }, (_, i) => {
    const lat = (475_000_000 + i * 1000) / 1e7;
    return `<trkpt lat="${lat}" lon="8.5"><time>${new Date(start + i * 60_000).toISOString()}</time></trkpt>`;
  });
  return `<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><trkseg>${pts.join('\n')}</trkseg></trk></gpx>`;
}

/** The text in pieces of `size` characters, as a read stream gives it. */
async function* pieces(text: string, size = 97): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('importing a file into the vault', () => {
  it('keeps the file’s own times, seals the days into the vault only, and a rerun adds nothing', async () => {
    const { alice, relay } = await bonded('exact');
    const text = gpx(T0 - DAY + 23 * 3_600_000, 120); // across midnight: two days
    const first = await alice.trail.importFixes(pieces(text), gpxFixParser());
    expect(first).toMatchObject({ added: 120, duplicates: 0, days: [DAY0 - 1, DAY0], chunks: 2, outsideRetention: 0 });
    expect(first.report).toMatchObject({ read: 120, kept: 120 });
    const bondId = Object.keys(alice.state.bonds)[0];
    expect(relay.posted.map((c) => peekChunkHeader(c)?.ownerId)).not.toContain(bondId); // no partner without --share
    const own = await all(alice.trail.read(undefined, DAY0 - 1, DAY0));
    expect(own.map((e) => ('trail' in e && e.trail.level === 'exact' ? e.trail.fixes.length : 0))).toEqual([60, 60]);
    expect(own[0] && 'trail' in own[0] && own[0].trail.level === 'exact' ? own[0].trail.fixes[0]?.ts : 0).toBe(T0 - DAY + 23 * 3_600_000);
    const again = await alice.trail.importFixes(pieces(text, 1000), gpxFixParser());
    expect(again).toMatchObject({ added: 0, duplicates: 120 });
    expect(await alice.trail.unsealedDays()).toEqual([]);
  });

  it('holds the kept ids of the days being read, not the whole file’s: a day the file comes back to is listed again, its fixes still found', async () => {
    const { trail, listed } = await alone(T0 + 10 * DAY);
    const points = (text: string) => text.replace(/^.*<trkseg>/s, '').replace('</trkseg></trk></gpx>', '');
    const first = gpx(T0 + 3_600_000, 5);
    async function* file() {
      yield* pieces(first.replace('</trkseg></trk></gpx>', ''));
      yield* pieces(`\n${points(gpx(T0 + DAY, 4100))}`); // over two batches of later days only
      yield* pieces(`\n${points(first)}</trkseg></trk></gpx>`); // back to the first day: the same five fixes
    }
    const result = await trail.importFixes(file(), gpxFixParser());
    expect(result).toMatchObject({ added: 4105, duplicates: 5 });
    // Listed when the file starts, again when it comes back (dropped while later days were read), and once to
    // seal it — the packing after (the day has ended) takes what the seal read, not a fourth listing.
    expect(listed.filter((l) => l === `trail-fix ${dayKey(DAY0)}/`)).toHaveLength(3);
  });

  it('a truncated file: the fault with its offset, everything before it kept', async () => {
    const { alice } = await bonded('exact');
    const text = gpx(T0 + 3_600_000, 50);
    const cut = text.slice(0, text.indexOf('<trkpt', text.length / 2) + 20);
    const result = await alice.trail.importFixes(pieces(cut), gpxFixParser());
    expect(result.report.fault?.offset).toBeGreaterThan(0);
    expect(result.added).toBe(result.report.kept);
    expect(result.added).toBeGreaterThan(20);
    expect(result.added).toBeLessThan(50);
  });

  it('with a partner: sealed for that bond at its trail level, days outside its retention counted', async () => {
    const { alice, bob, relay, clock } = await bonded('exact');
    clock.now = T0 + 10 * DAY;
    const bond = Object.values(alice.state.bonds)[0];
    await alice.trail.setRetention(bond, 'Bob', 7);
    async function* both() {
      yield* pieces(gpx(T0 + 3_600_000, 5).replace('</trkseg></trk></gpx>', ''));
      yield* pieces(gpx(T0 + 9 * DAY + 3_600_000, 5).replace(/^.*<trkseg>/s, '\n'));
    }
    const result = await alice.trail.importFixes(both(), gpxFixParser(), bond);
    expect(result).toMatchObject({ added: 10, days: [DAY0, DAY0 + 9], chunks: 3, outsideRetention: 1 });
    expect(relay.retention.get(bond?.bondId ?? '')).toBe(7);
    const got = await all(bob.trail.read(bob.bond, DAY0, DAY0 + 9));
    expect(got.map((e) => e.day)).toEqual([DAY0 + 9]);
  });
});

/** Standing still at one place: a fix every 2 min from `start` to `end` (a few metres of jitter). */
const still = (start: number, end: number, lat = 52.5, lon = 13.4): TrailFix[] =>
  Array.from({ length: Math.floor((end - start) / 120_000) + 1 }, (_, i) => ({
    ts: start + i * 120_000,
    lat: Math.round((lat + ((i % 3) - 1) * 2e-5) * 1e7) / 1e7,
    lon: Math.round(lon * 1e7) / 1e7,
    acc: 10,
  }));
const H = 3_600_000;

describe('stays and trips in the sealed days (decision 0017)', () => {
  const ownDay = async (trail: TrailPart, day: number) => {
    const [entry] = await all(trail.read(undefined, day, day));
    if (!entry || !('trail' in entry) || entry.trail.level !== 'exact')
      throw new Error(`expected an exact day, got ${JSON.stringify(entry)}`);
    return entry.trail;
  };

  it('a stay over midnight is one stay, in both days: the state saved at the end of the first day carries it', async () => {
    const { alice, clock } = await bonded('exact');
    await alice.trail.append(still(T0 + 20 * H, T0 + DAY - 60_000));
    clock.now = T0 + DAY + 60_000; // day 0 ended: this seal saves the detector's state at its end
    await alice.trail.seal();
    expect(await alice.store.get(TRAIL_KINDS.stays, dayKey(DAY0))).toBeDefined();
    const day0 = await ownDay(alice.trail, DAY0);
    expect(day0.stays).toHaveLength(1);
    expect(day0.stays?.[0]?.start).toBe(T0 + 20 * H);
    expect(day0.trips).toEqual([]);

    await alice.trail.append([...still(T0 + DAY, T0 + DAY + 7 * H), ...walk(T0 + DAY + 7 * H + 60_000, 90)]);
    clock.now = T0 + 2 * DAY + 60_000;
    await alice.trail.seal();
    const day1 = await ownDay(alice.trail, DAY0 + 1);
    expect(day1.stays).toHaveLength(1);
    // The same stay: it began the evening before, and ended when she walked out of its radius in the morning.
    const [stay] = day1.stays ?? [];
    expect(stay?.start).toBe(T0 + 20 * H);
    expect(stay?.end).toBeGreaterThanOrEqual(T0 + DAY + 7 * H);
    expect(stay?.end).toBeLessThan(T0 + DAY + 7 * H + 5 * 60_000);
    expect(day1.trips).toHaveLength(1);
    expect(day1.trips?.[0]).toMatchObject({ start: stay?.end, mode: 'walk' });
    expect(day1.trips?.[0]?.distanceM).toBeGreaterThan(1000);
  });

  it('incremental: without the day before’s state record, the next day starts fresh (its fixes alone)', async () => {
    const { alice, clock } = await bonded('exact');
    await alice.trail.append(still(T0 + 20 * H, T0 + DAY - 60_000));
    clock.now = T0 + DAY + 60_000;
    await alice.trail.seal();
    await alice.store.write([{ op: 'delete', kind: TRAIL_KINDS.stays, id: dayKey(DAY0) }]);
    await alice.trail.append(still(T0 + DAY, T0 + DAY + 7 * H));
    clock.now = T0 + 2 * DAY + 60_000;
    await alice.trail.seal();
    const day1 = await ownDay(alice.trail, DAY0 + 1);
    expect(day1.stays?.map((s) => s.start)).toEqual([T0 + DAY]);
  });

  it('a partner at neighbourhood gets cell stays (cells they were shown, times on ticks) and trips without distance', async () => {
    const { alice, bob } = await bonded('neighbourhood');
    await alice.trail.append([
      ...still(T0 + 1 * H, T0 + 3 * H),
      ...walk(T0 + 3 * H + 60_000, 120),
      ...still(T0 + 4 * H, T0 + 6 * H, 52.512, 13.412),
    ]);
    await alice.trail.seal({ now: true });
    const [entry] = await all(bob.trail.read(bob.bond, DAY0, DAY0));
    if (!entry || !('trail' in entry) || entry.trail.level !== 'neighbourhood') throw new Error('expected a neighbourhood day');
    const { visits, stays, trips } = entry.trail;
    expect(stays?.length).toBe(2);
    const shown = new Set(visits.map((v) => `${v.cell.row}/${v.cell.col}`));
    for (const s of stays ?? []) {
      expect(Object.keys(s).sort()).toEqual(['cell', 'confidence', 'end', 'start']);
      expect(shown.has(`${s.cell.row}/${s.cell.col}`)).toBe(true);
      expect(s.start % 15_000).toBe(0);
      expect(s.end % 15_000).toBe(0);
    }
    expect(trips?.length).toBeGreaterThan(0);
    for (const t of trips ?? []) expect(Object.keys(t).sort()).toEqual(['end', 'mode', 'start']);
  });
});
