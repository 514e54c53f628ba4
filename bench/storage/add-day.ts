/**
 * `npm run bench:history` — adding one day to a vault of 1 month and of 2 years costs the same, and so does a
 * partner's fetch of one day (issue 13, acceptance 8). For each history size, on a fresh relay process with
 * its data on disk (`relay-under-test.ts`):
 * 1. Alice and Bob (the real @entwine/client, Node transport) bond; Alice shares her trail with Bob at exact,
 *    and seals once, which makes her vault's epoch and the bond's sending epoch. Alice's device store is the
 *    CLI's SQLite store on disk (`device.db`), Bob's is in memory.
 * 2. The history is seeded (`seed-history.ts`): N days of real sealed chunks for the vault and the bond on the
 *    relay, and Alice's trail records of those days on her device.
 * 3. For each of K more days, the newest each time: the day's 5 760 fixes (one per 15 s, a synthetic commute
 *    day) are put in Alice's records as `recordFix` leaves them (`recordDay`: one write, where 5 760 calls
 *    take 10–30 s on this store), then — the measured step — her clock is set past that day's midnight and
 *    she seals what is due (`sealTrail({})`, the day-end seal: the day's stays and trips derived from its
 *    fixes on from the day before's detector state (decision 0017), the vault's chunk and the bond's, 32 KiB
 *    each, a trail notice to Bob, the day's state record saved and its fixes packed into one record).
 *    Measured: the seal's time; the derive alone (the same work, timed apart just before the seal); each
 *    `POST /v1/chunks` round trip; what the relay process wrote to storage (/proc/<pid>/io write_bytes) and
 *    how much its files grew (WAL truncated before and after); what Alice's device asked its store to write
 *    (values put, batches) and what SQLite appended to her `device.db-wal` (truncated before).
 * 4. Bob fetches that day R times (`Device.trailOf('Alice', day, day)`: `GET /v1/trail/…`, verify, decrypt,
 *    decode 5 760 fixes), and Alice reads it from her vault R times; times and bytes received.
 * 5. The same for a few days from the middle of the history, their fixes put again in full and sealed again
 *    (what importing an old day does): a day with later days after it, on the device and on the relay.
 * Both sizes are prepared first, then measured in turns (day by day, size by size), so load from elsewhere on
 * a shared machine falls on both alike. Medians (with min–max) are printed per size, side by side. Nothing
 * is asserted: it is a benchmark, exit 0 unless it broke.
 *
 *   npm run bench:history                 1 month and 2 years, K = 5 days, R = 10 fetches (~1 min)
 *   npm run bench:history -- --quick      K = 2, R = 5
 *   npm run bench:history -- --sizes 30,730 --days K --fetches R
 */
import { rmSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TICK_MS, Device, type DeviceDeps, type DeviceStore, loadDeviceState, memoryStore, type TrailEntry } from '@entwine/client';
import {
  dayStartMs,
  detectDay,
  detectEd25519,
  initialStayState,
  ROUTES,
  type StayState,
  settleStays,
  systemClock,
  systemRandom,
  type TrailFix,
  utcDayOf,
  utf8Decode,
  vaultIdOf,
} from '@entwine/core';
import Database from 'better-sqlite3';
import { bond } from '../../e2e/support/devices.ts';
import { nodeTimers, nodeTransport } from '../../packages/cli/src/node-transport.ts';
import { STORE_FILE, sqliteStore } from '../../packages/cli/src/sqlite-store.ts';
import { dayKey, TRAIL_KINDS } from '../../packages/client/src/store/trail-records.ts';
import { commuteDay } from '../../packages/core/src/trail/test-support/synthetic-day.ts';
import { type AddedDay, fmt, printTable, type SizeResult } from './add-day-report.ts';
import { type CountingStore, countingStore } from './counting-store.ts';
import { machineLine } from './machine.ts';
import { checkpoint, fileSizes, type RelayUnderTest, startRelayUnderTest } from './relay-under-test.ts';
import { recordDay, seedDeviceHistory, seedRelayHistory, sharerKeys } from './seed-history.ts';
import { type TimedRequest, timedTransport } from './timed-transport.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const SIZES = (option('--sizes') ?? '30,730').split(',').map(Number);
const ADDED = Number(option('--days') ?? (quick ? 2 : 5));
const FETCHES = Number(option('--fetches') ?? (quick ? 5 : 10));
const OLD = quick ? 1 : 3;
/** Alice's own records of the seeded days keep one fix per 5 min (2 years at 15 s would be 4.2 M rows). */
const DEVICE_EVERY_MS = 5 * 60_000;

const TEMPLATE = commuteDay(0, DEFAULT_TICK_MS);
const fixesOf = (day: number): TrailFix[] => TEMPLATE.map((f) => ({ ...f, ts: f.ts + dayStartMs(day) }));

/** Alice's clock: set by the bench (her days are in the past); timers are real (she does not publish). */
function settableClock() {
  let t = Date.now();
  return {
    now: () => t,
    set(ms: number) {
      t = ms;
    },
  };
}

async function deps(transport: DeviceDeps['transport'], store: DeviceStore, clock: DeviceDeps['clock']): Promise<DeviceDeps> {
  return { transport, store, ed: await detectEd25519(), random: systemRandom(), clock, timers: nodeTimers };
}

async function readDay(device: Device, who: string | undefined, day: number): Promise<number> {
  let fixes = 0;
  for await (const entry of device.trailOf(who, day, day) as AsyncGenerator<TrailEntry>) {
    if (!('trail' in entry) || entry.trail.level !== 'exact')
      throw new Error(`read day ${day}: expected an exact trail, got ${JSON.stringify(entry)}`);
    fixes += entry.trail.fixes.length;
  }
  if (fixes !== TEMPLATE.length) throw new Error(`read day ${day}: expected ${TEMPLATE.length} fixes, got ${fixes}`);
  return fixes;
}

/** One history size, ready to measure: its relay, Alice and Bob, and what seeding it cost. */
interface History extends SizeResult {
  relay: RelayUnderTest;
  alice: Device;
  bob: Device;
  store: CountingStore;
  home: string;
  clock: ReturnType<typeof settableClock>;
  logs: { alice: TimedRequest[]; bob: TimedRequest[] };
  history: number[];
  close(): Promise<void>;
}

async function addDay(h: History, day: number): Promise<AddedDay> {
  const { relay, alice, bob, store, home, clock, logs } = h;
  const log = logs.alice;
  await recordDay(store.inner, day, fixesOf(day));

  // The derive alone, as the seal does it: the day before's state record, this day's fixes, what is open settled.
  const t = performance.now();
  const before = await store.inner.get(TRAIL_KINDS.stays, dayKey(day - 1));
  const derived = detectDay(before ? (JSON.parse(utf8Decode(before)) as StayState) : initialStayState(), fixesOf(day));
  const open = settleStays(derived.state);
  const deriveMs = performance.now() - t;

  // The measured step: the day-end seal, from clean WALs on both sides.
  clock.set(dayStartMs(day + 1) + 1000);
  checkpoint(relay.dataDir);
  const deviceDb = new Database(join(home, STORE_FILE));
  const [truncated] = deviceDb.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (truncated?.busy !== 0) throw new Error('device.db: expected the WAL to truncate, got SQLITE_BUSY');
  const relayBefore = fileSizes(relay.dataDir).total;
  const written = relay.writtenBytes();
  const from = log.length;
  store.reset();
  store.counting = true;
  const started = performance.now();
  const report = await alice.sealTrail({});
  await alice.flushed();
  const sealMs = performance.now() - started;
  store.counting = false;
  if (report.chunks !== 2) throw new Error(`day ${day}: expected the vault's and the bond's chunk sealed, got ${report.chunks}`);
  const relayWritten = relay.writtenBytes() - written;
  const relayWal = fileSizes(relay.dataDir).wal;
  checkpoint(relay.dataDir);
  const relayGrowth = fileSizes(relay.dataDir).total - relayBefore;
  const deviceWal = (await stat(join(home, `${STORE_FILE}-wal`))).size;
  deviceDb.close();
  const chunkPostMs = log.slice(from).flatMap((r) => (r.method === 'POST' && r.path === ROUTES.chunks ? [r.ms] : []));

  const fetchMs: number[] = [];
  const vaultReadMs: number[] = [];
  const gets = logs.bob.length;
  for (let i = 0; i < FETCHES; i++) {
    const t0 = performance.now();
    await readDay(bob, 'Alice', day);
    fetchMs.push(performance.now() - t0);
    const t1 = performance.now();
    await readDay(alice, undefined, day);
    vaultReadMs.push(performance.now() - t1);
  }
  const fetchGets = logs.bob.slice(gets).filter((r) => r.method === 'GET' && r.path.startsWith('/v1/trail/'));
  return {
    sealMs,
    deriveMs,
    stays: derived.stays.length + open.stays.length,
    trips: derived.trips.length + open.trips.length,
    chunkPostMs,
    relayWritten,
    relayWal,
    relayGrowth,
    devicePut: store.tally.bytes,
    deviceBatches: store.tally.batches,
    deviceUpdates: store.tally.updates,
    deviceWal,
    fetchMs,
    fetchBytes: fetchGets[0]?.received ?? 0,
    fetchGetMs: fetchGets.map((r) => r.ms),
    vaultReadMs,
  };
}

/** A fresh relay, Alice and Bob bonded (trail at exact), and `days` days of history seeded before the added days. */
async function prepare(root: string, days: number, today: number): Promise<History> {
  const dir = join(root, `history-${days}`);
  const relay = await startRelayUnderTest(join(dir, 'relay'));
  const home = join(dir, 'alice');
  const clock = settableClock();
  const aliceTransport = timedTransport(nodeTransport(relay.url));
  const store = countingStore(sqliteStore(home));
  const bobTransport = timedTransport(nodeTransport(relay.url));
  const { device: alice } = await Device.create(await deps(aliceTransport, store, clock), { name: 'Alice' });
  const { device: bob } = await Device.create(await deps(bobTransport, memoryStore(), systemClock), { name: 'Bob' });
  const close = async () => {
    alice.close();
    bob.close();
    await store.close();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bond(alice, bob);
    await alice.setShield('Bob', 'trail', 'exact');
    await alice.recordFix({ lat: 47.3769, lon: 8.5417, acc: 5 });
    await alice.sealTrail(); // the vault's epoch and the bond's sending epoch
    await alice.flushed();
    const bondId = alice.bonds()[0]?.bondId as string;
    const state = await loadDeviceState(store.inner);
    if (!state) throw new Error('expected Alice to have a state');
    const keys = await sharerKeys(store.inner, state, { vaultId: vaultIdOf(alice.identityPublicKey), bondId });

    const history = Array.from({ length: days }, (_, i) => today - ADDED - days + i);
    const seedStarted = performance.now();
    const o = { ed: await detectEd25519(), random: systemRandom(), keys, days: history, fixesOf, today, deviceEveryMs: DEVICE_EVERY_MS };
    const seeded = await seedRelayHistory(relay.dataDir, o);
    const { records } = await seedDeviceHistory(store.inner, o);
    checkpoint(relay.dataDir);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const relayFile = fileSizes(relay.dataDir).total;
    const side = new Database(join(home, STORE_FILE));
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    const deviceFile = (await stat(join(home, STORE_FILE))).size;
    console.error(`  … ${days} days seeded in ${seedSeconds.toFixed(0)} s: relay ${fmt(relayFile)} B, device ${fmt(deviceFile)} B`);
    return {
      days,
      seedSeconds,
      relayChunks: seeded.chunks,
      relayFile,
      deviceRecords: records,
      deviceFile,
      added: [],
      old: [],
      relay,
      alice,
      bob,
      store,
      home,
      clock,
      logs: { alice: aliceTransport.log, bob: bobTransport.log },
      history,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main() {
  const root = await mkdtemp(join(os.tmpdir(), 'entwine-bench-history-'));
  const args = process.argv.slice(2).join(' ');
  console.log('npm run bench:history — adding one day to a vault of 1 month and of 2 years, and a partner fetching one day');
  console.log(`machine: ${machineLine(root)}`);
  console.log(`command: npm run bench:history${args ? ` -- ${args}` : ''}`);
  console.log(
    `relay: its own process (bench/relay/relay-child.ts) on ${root}; history seeded through SqliteStore with chunks sealed by core sealChunk; ` +
      `Alice's device keeps 1 fix per ${DEVICE_EVERY_MS / 60_000} min of the seeded days, 5 760 a day of the added ones`,
  );
  const histories: History[] = [];
  try {
    const today = utcDayOf(Date.now());
    for (const days of SIZES) histories.push(await prepare(root, days, today));
    // The sizes take turns, day by day, so load from elsewhere on the machine falls on both alike.
    for (let day = today - ADDED; day < today; day++) {
      for (const h of histories) {
        const a = await addDay(h, day);
        h.added.push(a);
        console.error(`  … ${h.days} days: added day ${day}, sealed in ${a.sealMs.toFixed(0)} ms`);
      }
    }
    // Old days: their fixes recorded again in full (as an import of those days would) and sealed again.
    for (let i = 0; i < OLD; i++) {
      for (const h of histories) h.old.push(await addDay(h, h.history[Math.floor(h.history.length / 2) + i] as number));
    }
    console.log('');
    printTable(histories, { added: ADDED, old: OLD });
  } finally {
    for (const h of histories) await h.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
