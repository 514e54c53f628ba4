/**
 * `npm run bench:storage` — relay bytes on disk per sender–partner pair per day at the 15 s tick (issue 13,
 * acceptance 1; before it: 10.4 MB a day, issue 5's run of this bench). Three scenarios, each on a fresh
 * relay process with its data on disk (`relay-under-test.ts`) and real clients on virtual time (`pair-day.ts`):
 * - moving: a synthetic commute day (`core/src/trail/test-support/synthetic-day.ts`), partner online;
 * - still: at home all day, partner online;
 * - partner offline (the old path): the relay keeps every envelope, as it kept them all before live
 *   envelopes became transient; run for a few hours and scaled to a day (it is linear in ticks).
 * What is measured: the growth of entwine.db + -wal + -shm over the day, both ends taken after free pages
 * were handed back and the WAL truncated (what the relay's reclaim runs, `relay-under-test.ts`); the files
 * as the relay left them and their peak during the day; then, on the stopped relay, each of the day's chunks
 * is deleted to measure its own pages (`chunkBytesOnDisk`). Per pair-day = the growth less the vault's chunk
 * (the vault is the person's, not the pair's: printed apart). Rows of the bond and the vault are counted too. The report says PASS or MISS against the target (≤ 64 KiB a pair-day) and exits 0 unless the
 * bench itself broke.
 *
 *   npm run bench:storage                      whole days (~3–6 min on 2 busy cores)
 *   npm run bench:storage -- --quick           07:00–09:00 of each day, 30 min offline (~30 s)
 *   npm run bench:storage -- --hours H --from H --offline-hours H --only moving,still,offline
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TICK_MS } from '@entwine/client';
import { commuteDay, stillDay } from '../../packages/core/src/trail/test-support/synthetic-day.ts';
import { machineLine } from './machine.ts';
import { type PairDayResult, runPairDay } from './pair-day.ts';
import { chunkBytesOnDisk, startRelayUnderTest } from './relay-under-test.ts';

const TARGET = 64 * 1024;
/** Issue 5's run of this bench (bench/README.md): 1 806 B a tick, 10.4 MB a day. */
const OLD_PER_DAY = 10.4e6;
const TICKS_PER_DAY = 86_400_000 / DEFAULT_TICK_MS;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const hours = Number(option('--hours') ?? (quick ? 2 : 24));
/** Quick runs 07:00–09:00, where the commute day moves. */
const fromHour = Number(option('--from') ?? (quick ? 7 : 0));
const offlineHours = Number(option('--offline-hours') ?? (quick ? 0.5 : 2));
const only = new Set((option('--only') ?? 'moving,still,offline').split(','));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').replaceAll(',', ' ');
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

interface Measured {
  run: PairDayResult;
  vaultOnDisk: number;
  bondOnDisk: number;
}

async function scenario(root: string, name: string, fixes: Parameters<typeof runPairDay>[0]['fixes'], runHours: number, online: boolean) {
  const dataDir = join(root, name);
  const relay = await startRelayUnderTest(dataDir);
  let run: PairDayResult;
  try {
    const started = performance.now();
    run = await runPairDay({
      relay,
      fixes,
      fromHour: runHours >= 24 ? 0 : fromHour,
      hours: runHours,
      partnerOnline: online,
      seed: 0x5eed,
      progress: (hour, ticks) => {
        if (hour % 4 === 0)
          console.error(`  … ${name}: ${hour} h simulated, ${ticks} ticks, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      },
    });
  } finally {
    await relay.stop();
  }
  // On the stopped relay: what each of the day's chunks takes on disk. The bond's goes first, so pages the
  // day's rows share (B-tree leaves and index pages it empties) are counted with the pair, and the vault's
  // number is its chunk's own pages only: per pair-day is then an upper bound.
  const bondOnDisk = chunkBytesOnDisk(dataDir, run.bondId, run.day);
  const vaultOnDisk = chunkBytesOnDisk(dataDir, run.vaultId, run.day);
  rmSync(dataDir, { recursive: true, force: true });
  return { run, vaultOnDisk, bondOnDisk } satisfies Measured;
}

function report(name: string, m: Measured, runHours: number): number {
  const { run } = m;
  const growth = run.after.files.total - run.before.files.total;
  const inUse = (s: typeof run.before) => (s.pages.pages - s.pages.freePages) * s.pages.pageSize;
  const perPair = growth - m.vaultOnDisk;
  const whole = runHours >= 24;
  console.log(`\n${name}`);
  console.log(
    `  ran ${whole ? 'the whole day' : `${runHours} h of the day from ${fromHour}:00`}: ${fmt(run.ticks)} ticks in ${run.seconds.toFixed(0)} s ` +
      `(${((run.seconds * 1000) / run.ticks).toFixed(1)} ms a tick)${run.seals ? `, ${run.seals} seals for the partner` : ''}`,
  );
  console.log(
    `  files before → after (db + wal + shm, free pages handed back, WAL truncated): ${fmt(run.before.files.total)} → ${fmt(run.after.files.total)} B; ` +
      `growth ${fmt(growth)} B (pages in use: +${fmt(inUse(run.after) - inUse(run.before))} B)`,
  );
  console.log(
    `  as the relay left them right after the day: db ${fmt(run.asLeft.db)} + wal ${fmt(run.asLeft.wal)} + shm ${fmt(run.asLeft.shm)} B; ` +
      `${run.freePagesLeft} free pages not yet handed back; peak during the day ${fmt(run.peak.total)} B (wal ${fmt(run.peak.wal)})`,
  );
  console.log(`  the relay process wrote ${fmt(run.after.written - run.before.written)} B to storage over the day (/proc/<pid>/io)`);
  const b = run.bond;
  console.log(
    `  bond rows of the day: ${b.chunks} chunk (${fmt(b.chunkBytes)} B, ${fmt(m.bondOnDisk)} B on disk); ` +
      `${b.envelopes} live envelopes left (${fmt(b.envelopeBytes)} B); bond totals: ${b.keyDists} key distributions (${fmt(b.keyDistBytes)} B), ${b.otherRows} position/floor/retention rows`,
  );
  console.log(
    `  vault of the day: ${run.vault.chunks} chunk (${fmt(run.vault.chunkBytes)} B), ${fmt(m.vaultOnDisk)} B on disk — the vault's bytes per day`,
  );
  const verdict = whole
    ? `${perPair <= TARGET ? 'PASS' : 'MISS'}; ${(OLD_PER_DAY / perPair).toFixed(0)}× less than the 10.4 MB/day before`
    : 'partial day: not judged';
  console.log(`  per pair-day (growth less the vault's chunk): ${fmt(perPair)} B = ${kib(perPair)} — target ≤ ${kib(TARGET)}: ${verdict}`);
  console.log(`  the sender's whole day (pair and vault): ${fmt(growth)} B = ${kib(growth)}`);
  return perPair;
}

/** Answers the bytes a day the old path costs (scaled from the hours run). */
function reportOffline(m: Measured, runHours: number): number {
  const { run } = m;
  const growth = run.after.files.total - run.before.files.total - m.vaultOnDisk - m.bondOnDisk;
  const perTick = growth / run.ticks;
  console.log('\npartner offline all along (the old path: every envelope kept; the relay drops them after the live window, 7 days)');
  console.log(
    `  ran ${runHours} h: ${fmt(run.ticks)} ticks in ${run.seconds.toFixed(0)} s; ${run.bond.envelopes} envelopes kept (${fmt(run.bond.envelopeBytes)} B of bodies)`,
  );
  console.log(
    `  growth less the two chunks: ${fmt(growth)} B = ${fmt(perTick)} B a tick (${fmt(growth / Math.max(1, run.bond.envelopes))} per envelope) → ` +
      `${((perTick * TICKS_PER_DAY) / 1e6).toFixed(1)} MB a day at ${DEFAULT_TICK_MS / 1000} s (${TICKS_PER_DAY} ticks), scaled; issue 5 measured 10.4 MB`,
  );
  return perTick * TICKS_PER_DAY;
}

async function main() {
  const root = await mkdtemp(join(os.tmpdir(), 'entwine-bench-storage-'));
  const args = process.argv.slice(2).join(' ');
  console.log('npm run bench:storage — relay bytes on disk per sender–partner pair per day, 15 s tick, trail at exact');
  console.log(`machine: ${machineLine(root)}`);
  console.log(`command: npm run bench:storage${args ? ` -- ${args}` : ''}`);
  console.log(`relay: its own process (bench/relay/relay-child.ts) on ${root}; clients: @entwine/client on virtual time`);
  try {
    const day = 0; // only the times of day are used
    const summary: string[] = [];
    if (only.has('moving')) {
      const m = await scenario(root, 'moving', commuteDay(day, DEFAULT_TICK_MS), hours, true);
      summary.push(`moving ${kib(report('moving (synthetic commute day), partner online', m, hours))} a pair-day`);
      summary.push(`vault ${kib(m.vaultOnDisk)} a day`);
    }
    if (only.has('still')) {
      const m = await scenario(root, 'still', stillDay(day, DEFAULT_TICK_MS), hours, true);
      summary.push(`still ${kib(report('still (at home all day), partner online', m, hours))} a pair-day`);
    }
    if (only.has('offline')) {
      const m = await scenario(root, 'offline', commuteDay(day, DEFAULT_TICK_MS), offlineHours, false);
      summary.push(`partner offline (old path) ${(reportOffline(m, offlineHours) / 1e6).toFixed(1)} MB a day`);
    }
    console.log(`
summary${hours < 24 ? ` (${hours} h of the day, not scaled)` : ''}: ${summary.join('; ')}; target ≤ 64 KiB a pair-day`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
