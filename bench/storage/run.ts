/**
 * `npm run bench:storage` — how much the relay stores for one bond under the fixed publish tick (issue 5).
 * One person publishes TICKS ticks (one location, one presence and one feeling envelope each) to one
 * partner on an in-process relay with the embedded SQLite store; then the relay is closed (a clean close
 * checkpoints the WAL) and the data directory is measured. Prints the bytes per tick and what that makes
 * in a day of an app left running at the default 15 s tick.
 *
 *   npm run bench:storage               2 000 ticks (~1 min)
 *   npm run bench:storage -- --ticks N
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TICK_MS } from '@entwine/client';
import { createRelay } from '@entwine/server';
import Database from 'better-sqlite3';
import { bond, newDevice } from '../../e2e/support/devices.ts';

const args = process.argv.slice(2);
const ticksArg = args.indexOf('--ticks');
const TICKS = ticksArg >= 0 ? Number(args[ticksArg + 1]) : 2000;

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

async function main() {
  const root = await mkdtemp(join(os.tmpdir(), 'entwine-bench-storage-'));
  const dataDir = join(root, 'data');
  const relay = await createRelay({ dataDir, port: 0, logger: false });
  try {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    await bond(alice.device, bob.device);
    await alice.device.setShield('Bob', 'feelings', 'exact');
    await alice.device.setFeeling({ mood: 'calm', intensity: 3, note: 'at home' });
    await relay.close();
    const before = dirBytes(dataDir);
    const again = await createRelay({ dataDir, port: Number(new URL(relay.url).port), logger: false });
    const started = performance.now();
    for (let i = 0; i < TICKS; i++) {
      await alice.device.recordFix({ lat: 47.37 + i * 1e-6, lon: 8.54, acc: 8 });
      await alice.device.publishTick();
    }
    const seconds = (performance.now() - started) / 1000;
    await again.close();
    const after = dirBytes(dataDir);
    const db = new Database(join(dataDir, 'entwine.db'), { readonly: true });
    const rows = db.prepare('SELECT count(*) AS n, sum(length(body)) AS bytes FROM envelopes').get() as { n: number; bytes: number };
    db.close();
    const perTick = (after - before) / TICKS;
    const ticksPerDay = (24 * 3600 * 1000) / DEFAULT_TICK_MS;
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}`);
    console.log(
      `published ${TICKS} ticks in ${seconds.toFixed(1)} s; the relay holds ${rows.n} envelopes, ${rows.bytes} bytes of envelope bodies`,
    );
    console.log(
      `data directory grew ${after - before} bytes: ${perTick.toFixed(0)} bytes per tick (${(perTick / 3).toFixed(0)} per envelope)`,
    );
    console.log(
      `at the default ${DEFAULT_TICK_MS / 1000} s tick, one sender → one partner, app running all day: ${((perTick * ticksPerDay) / 1e6).toFixed(1)} MB/day (${ticksPerDay} ticks)`,
    );
    alice.device.close();
    bob.device.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
