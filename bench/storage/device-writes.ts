/**
 * `npm run bench:device-writes` — bytes a device writes to its store when one fix is recorded and one tick
 * sealed (issue 12, acceptance 1), with a big state (10 bonds, 2 000 thoughts, 20 photos) and a small one
 * (1 bond, nothing else), on the record store against the single document of before.
 *
 * Alice bonds with N partners on an in-process relay (real pairing, real envelopes); the thoughts and photos
 * are then put into her records directly (they only need to be there, not to have travelled), and her
 * device is opened again on them. One warm-up tick starts the sending epochs; then the measured fix and
 * tick. Counted:
 * - records: the bytes of every value put (write batches and `update`s) through a counting wrapper, on the
 *   memory store; and what SQLite appended to `device.db-wal` when the same runs on the CLI's store (the WAL
 *   checkpointed and truncated before each step, so its size afterwards is what the step wrote);
 * - the single document (the KeyStore of before): it wrote the whole state, serialized, on every save; the
 *   count of saves is taken as the count of write batches the record store got for the same work (each
 *   batch replaces one `persist()` of before), times the serialized state's size at that moment.
 *
 *   npm run bench:device-writes
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Device, type DeviceDeps, type DeviceStore, loadDeviceState, memoryStore, type StoredRecord, type StoreOp } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom, toBase64url, utf8Encode } from '@entwine/core';
import { createRelay } from '@entwine/server';
import Database from 'better-sqlite3';
import { bond } from '../../e2e/support/devices.ts';
import { nodeTimers, nodeTransport } from '../../packages/cli/src/node-transport.ts';
import { STORE_FILE, sqliteStore } from '../../packages/cli/src/sqlite-store.ts';
import { type CountingStore, countingStore, type Tally } from './counting-store.ts';

const PHOTO_BYTES = 400 * 1024;

/** Counts what goes into a store; per batch, the state's serialized size: what the single document wrote then. */
function counting(inner: DeviceStore): CountingStore {
  return countingStore(inner, async () => utf8Encode(JSON.stringify(await loadDeviceState(inner))).length);
}

async function deps(url: string, store: DeviceStore): Promise<DeviceDeps> {
  return {
    transport: nodeTransport(url),
    store,
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: nodeTimers,
  };
}

/** Thoughts and photos put straight into the records (spread over the bonds), as a long-used device has. */
async function fill(store: DeviceStore, thoughts: number, photos: number): Promise<void> {
  const bonds = (await store.list('bond')).map((r: StoredRecord) => r.id);
  const ops: StoreOp[] = [];
  const now = Date.now() - 86_400_000;
  for (let i = 0; i < thoughts; i++) {
    const bondId = bonds[i % bonds.length] as string;
    const id = `t${String(i).padStart(10, '0')}`;
    const value = { id, from: i % 2 ? 'me' : 'peer', text: `thought number ${i}: ${'words '.repeat(10)}`, ts: now + i, mark: 'read' };
    ops.push({ op: 'put', kind: 'thought', id: `${bondId}/${id}`, value: utf8Encode(JSON.stringify(value)) });
  }
  for (let i = 0; i < photos; i++) {
    const bondId = bonds[i % bonds.length] as string;
    const id = `m${String(i).padStart(10, '0')}`;
    const bytes = systemRandom().bytes(PHOTO_BYTES);
    const header = {
      kind: 'moment',
      ts: now + i,
      id,
      place: { level: 'none' },
      mime: 'image/jpeg',
      size: bytes.length,
      chunks: 7,
      sha256: toBase64url(new Uint8Array(32)),
    };
    ops.push({ op: 'put', kind: 'moment', id: `${bondId}/${id}`, value: utf8Encode(JSON.stringify({ id, from: 'peer', header })) });
    ops.push({ op: 'put', kind: 'photo', id: `${bondId}/${id}`, value: bytes });
  }
  await store.write(ops);
}

async function run(url: string, bonds: number, thoughts: number, photos: number, store: ReturnType<typeof counting>, partners: Device[]) {
  const created = await Device.create(await deps(url, store), { name: 'Alice' });
  for (let i = 0; i < bonds; i++) await bond(created.device, partners[i] as Device);
  for (const p of partners.slice(0, bonds)) await p.setShield('Alice', 'location', 'hidden');
  created.device.close();
  await fill(store, thoughts, photos);
  const alice = (await Device.open(await deps(url, store))) as Device;
  await alice.recordFix({ lat: 47.37, lon: 8.54, acc: 8 });
  await alice.publishTick(); // warm-up: starts and distributes each bond's sending epoch
  await alice.flushed();
  store.counting = true;
  store.reset();
  await alice.recordFix({ lat: 47.3701, lon: 8.5401, acc: 8 });
  await alice.flushed();
  const fix = { ...store.tally };
  store.reset();
  await alice.publishTick();
  await alice.flushed();
  const tick = { ...store.tally };
  store.counting = false;
  alice.close();
  return { fix, tick };
}

async function main() {
  const root = await mkdtemp(join(os.tmpdir(), 'entwine-bench-device-writes-'));
  const relay = await createRelay({ dataDir: join(root, 'relay'), port: 0, logger: false });
  const partners: Device[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const { device } = await Device.create(await deps(relay.url, memoryStore()), { name: `P${i}` });
      partners.push(device);
    }
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}`);
    console.log('command: npm run bench:device-writes');
    console.log(`photos: ${PHOTO_BYTES / 1024} KiB each; bytes are values put (records) or the serialized state (document)`);
    console.log('');
    console.log(
      `${'state'.padEnd(36)} | op          | ${'record store (memory)'.padStart(24)} | SQLite WAL written | single document (estimated)`,
    );
    for (const [bonds, thoughts, photos] of [
      [10, 2000, 20],
      [1, 0, 0],
    ] as const) {
      const mem = counting(memoryStore());
      const m = await run(relay.url, bonds, thoughts, photos, mem, partners);
      const home = join(root, `home-${bonds}`);
      const sqlite = counting(sqliteStore(home));
      await run(relay.url, bonds, thoughts, photos, sqlite, partners);
      // What reaches the WAL, on a second pass over the same store (fix, then tick): checkpointed and
      // truncated before each step from a connection of the bench's own.
      const side = new Database(join(home, STORE_FILE));
      const walAfter = async (step: () => Promise<void>) => {
        side.pragma('wal_checkpoint(TRUNCATE)');
        await step();
        return (await stat(join(home, `${STORE_FILE}-wal`))).size;
      };
      const alice = (await Device.open(await deps(relay.url, sqlite))) as Device;
      const w1 = await walAfter(async () => {
        await alice.recordFix({ lat: 47.3702, lon: 8.5402, acc: 8 });
        await alice.flushed();
      });
      const w2 = await walAfter(async () => {
        await alice.publishTick();
        await alice.flushed();
      });
      alice.close();
      side.close();
      await sqlite.close();
      const label = `${bonds} bond(s), ${thoughts} thoughts, ${photos} photos`.padEnd(36);
      const row = (op: string, t: Tally, walBytes: number) =>
        console.log(
          `${label} | ${op.padEnd(11)} | ${`${t.bytes} B in ${t.batches} batch(es)`.padStart(24)} | ${`${walBytes} B`.padStart(18)} | ${`${t.afterBatch} B`.padStart(12)}`,
        );
      row('record fix', m.fix, w1);
      row('seal a tick', m.tick, w2);
    }
    console.log('');
    console.log('The WAL is written in whole pages (4 KiB + a 24 B frame header each, plus a 32 B file header): it is what');
    console.log('reaches the disk; the record bytes are what the device asked for. A tick writes one outbox row, one seq and');
    console.log('the sent view per envelope sealed (3 per bond): it grows with the bonds it sends to, not with what is kept.');
  } finally {
    for (const p of partners) p.close();
    await relay.close();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
