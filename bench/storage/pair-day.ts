/**
 * One sender and one partner through a simulated day against the relay under test (`npm run bench:storage`).
 *
 * Alice and Bob are the real @entwine/client, with the CLI's Node transport, on virtual time
 * (`e2e/support/virtual-time.ts`): their clock and timers move only when this file moves them, so a day of
 * 15 s ticks runs as fast as the machine can seal, store and read them — every tick still goes through the
 * relay process over loopback and its fsynced commits. Alice shares location, presence, feelings and her
 * trail with Bob at exact (the trail's worst case); Bob shares nothing.
 *
 * The day: after bonding and one warm-up tick and seal (at the real time, so the one-off costs — the vault's
 * epoch key, the first sending epoch — are not counted), the clock jumps to 00:00 UTC of the next day and
 * Alice's own ticker runs (15 s, with its jitter) while one fix a tick is recorded from the synthetic day.
 * Her trail is sealed on the client's own cadence (`parts/trail.ts`: 10 min after the last seal, from the
 * fix that finds it due); the day-end seal, which the client makes on the first fix of the next day, is
 * asked for with `sealTrail()` once the day is over, so no chunk of the day after is made.
 *
 * Bob online: connected over a socket, he receives every tick, stores it and reports his read position
 * (the relay then deletes what he has read). Before time moves past a tick, the bench waits until he has
 * it — as 15 s of wall time would. Bob offline: he never connects; the relay keeps every envelope for the
 * live window — what it did before issue 13 with every envelope until the bond ended.
 */
import type { Device } from '@entwine/client';
import { DAY_MS, dayStartMs, type TrailFix, utcDayOf, vaultIdOf } from '@entwine/core';
import { until } from '../../e2e/support/until.ts';
import { bondWith, virtualDevice } from '../../e2e/support/virtual-devices.ts';
import { VirtualTime } from '../../e2e/support/virtual-time.ts';
import { EventCount } from './event-count.ts';
import {
  type FileSizes,
  fileSizes,
  freePages,
  type OwnerRows,
  ownerRows,
  type PageStats,
  pageStats,
  type RelayUnderTest,
  reclaim,
} from './relay-under-test.ts';

export interface PairDayOptions {
  relay: RelayUnderTest;
  /** The day's fixes, one per tick, from 00:00 UTC of some day (only times of day are used). */
  fixes: TrailFix[];
  /** Which part of the day to run: from this hour (0 for midnight), for this many hours (24 for all of it). */
  fromHour: number;
  hours: number;
  partnerOnline: boolean;
  seed: number;
  /** Called every simulated hour. */
  progress?: (hour: number, ticks: number) => void;
}

export interface Snapshot {
  files: FileSizes;
  pages: PageStats;
  written: number;
}

export interface PairDayResult {
  day: number;
  /** Ticks published from 00:00 until after the day-end seal. */
  ticks: number;
  /** Chunks of the day sealed for Bob, as trail notices he received (online only). */
  seals: number;
  seconds: number;
  bondId: string;
  vaultId: string;
  /** After the warm-up, free pages handed back and the WAL truncated (`reclaim`). */
  before: Snapshot;
  /** Right after the day, as the relay left its files (nothing reclaimed or checkpointed by the bench). */
  asLeft: FileSizes;
  /** Free pages in the file as the relay left it (its next batch or sweep hands them back). */
  freePagesLeft: number;
  /** After `reclaim`, as `before`. */
  after: Snapshot;
  /** The largest db + wal + shm seen during the day (sampled every simulated 15 min, and after the day). */
  peak: FileSizes;
  bond: OwnerRows;
  vault: OwnerRows;
}

const TICK_MS = 15_000;

async function snapshot(relay: RelayUnderTest): Promise<Snapshot> {
  reclaim(relay.dataDir);
  return { files: fileSizes(relay.dataDir), pages: pageStats(relay.dataDir), written: relay.writtenBytes() };
}

export async function runPairDay(o: PairDayOptions): Promise<PairDayResult> {
  const { relay } = o;
  const vt = new VirtualTime(Date.now());
  const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: o.seed, tickMs: TICK_MS });
  const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: o.seed + 1, tickMs: TICK_MS });
  const a: Device = alice.device;
  const b: Device = bob.device;
  try {
    await bondWith(a, b, { a: { location: 'exact', presence: 'exact', feelings: 'exact', trail: 'exact' }, b: {} });
    await a.setFeeling({ mood: 'calm', intensity: 3, note: 'at home' });
    const ticks = new EventCount(a, (e) => e.type === 'published');
    const seals = new EventCount(b, (e) => e.type === 'trail-day');
    const received = new EventCount(b, (e) => e.type === 'location');
    await a.connect();
    if (o.partnerOnline) await b.connect();
    const caughtUp = async () => {
      await a.settled();
      await a.flushed();
      if (!o.partnerOnline) return;
      await received.reach(ticks.count, 'Bob to receive every tick');
      await b.flushed(); // his read reports answered: the relay has deleted what he read
    };
    let bondId = '';
    // Bob's last read report may still be on its way (it follows his save of the frame): measure after it.
    const allRead = () =>
      o.partnerOnline
        ? until('the relay to delete what Bob read', async () => ownerRows(relay.dataDir, bondId).envelopes === 0 || undefined)
        : undefined;

    // Warm-up, at the real time: the first tick starts the sending epoch, the first seal the vault's epoch.
    const first = o.fixes[0] as TrailFix;
    await a.recordFix({ ...first, ts: vt.now() });
    await a.publishTick();
    await a.sealTrail();
    await caughtUp();
    bondId = a.bonds()[0]?.bondId as string;
    await allRead();
    const before = await snapshot(relay);

    const ticksBefore = ticks.count;
    const sealsBefore = seals.count;
    const day = utcDayOf(vt.now()) + 1;
    const start = dayStartMs(day) + o.fromHour * 3_600_000;
    const end = Math.min(dayStartMs(day) + DAY_MS, start + o.hours * 3_600_000);
    await vt.advanceTo(start, caughtUp);
    const began = performance.now();
    let peak = fileSizes(relay.dataDir);
    const notePeak = () => {
      const now = fileSizes(relay.dataDir);
      if (now.total > peak.total) peak = now;
    };
    a.startPublishing();
    for (const fix of o.fixes) {
      const at = dayStartMs(day) + (fix.ts % DAY_MS);
      if (at < start) continue;
      if (at >= end) break;
      await vt.advanceTo(at, caughtUp);
      await a.recordFix({ ...fix, ts: at });
      const tick = Math.round((at - start) / TICK_MS);
      if (tick % 60 === 0) notePeak();
      if (tick > 0 && tick % 240 === 0) o.progress?.(tick / 240, ticks.count);
    }
    // The last tick of the day (and the first of the next, which sends the last fix again), then the day-end seal.
    await vt.advanceTo(end + TICK_MS, caughtUp);
    a.stopPublishing();
    await a.settled();
    await a.sealTrail(end === dayStartMs(day) + DAY_MS ? {} : { now: true });
    // One more tick after the seal's notice, so Bob's read position passes the notice too.
    await a.publishTick();
    await caughtUp();
    await allRead();
    const seconds = (performance.now() - began) / 1000;
    notePeak();
    const asLeft = fileSizes(relay.dataDir);
    const freePagesLeft = freePages(relay.dataDir);
    const after = await snapshot(relay);
    const vaultId = vaultIdOf(a.identityPublicKey);
    return {
      day,
      ticks: ticks.count - ticksBefore,
      seals: seals.count - sealsBefore,
      seconds,
      bondId,
      vaultId,
      before,
      asLeft,
      after,
      freePagesLeft,
      peak,
      bond: ownerRows(relay.dataDir, bondId, { from: day, to: day }),
      vault: ownerRows(relay.dataDir, vaultId, { from: day, to: day }),
    };
  } finally {
    a.close();
    b.close();
  }
}
