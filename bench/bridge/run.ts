/**
 * `npm run bench:bridge` — tracker apps through the bridge (issue 15, acceptance 6). A benchmark, not a test:
 * it prints numbers and exits 0 unless the bench itself broke.
 * 1. A relay (`entwine start`, its own process); Alice and Bob bonded through the real commands; Alice shares
 *    her location exact with Bob, Bob shares nothing back. `entwine bridge setup overland --json` gives the URL.
 * 2. The load: an Overland walk (`overland-walk.ts`, 1 000 points a batch by default, one point a second, each
 *    batch continuing the last) posted by `--connections` concurrent keep-alive connections (`load.ts`); per
 *    batch the ack time (send → `{"result":"ok"}` read); overall points/s = points ÷ wall time.
 * 3. Baseline first, the same batches to a bare Node server in this process (JSON.parse, answer ok, keep
 *    nothing); then to Alice's `entwine bridge` (its own process, ENTWINE_TICK_MS = `--tick-ms`), which answers
 *    only once the batch is in her vault (SQLite, synchronous=FULL) — its HTTP server, parsing and durable
 *    writes are what is measured. Bob's `entwine watch --json` runs meanwhile: when his line with the walk's
 *    last point arrives, after the last ack (the bridge publishes on its tick).
 * 4. Also: the bridge's CPU time over the load and its peak RSS (VmHWM, /proc), Alice's vault (device.db and its
 *    WAL) before and after, and the time the bridge takes to stop (it seals the day's trail then).
 *
 *   npm run bench:bridge                          100 batches × 1 000 points, 4 connections
 *   npm run bench:bridge -- --batches 10          a smoke run
 *   npm run bench:bridge -- --connections 1 --points 200 --tick-ms 1000
 *   npm run bench:bridge -- --profile             also a CPU profile of the bridge process, top functions printed
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type LongRunning, ok, REPO, spawnCli } from '../../e2e/support/cli.ts';
import { startRelayProcess } from '../../e2e/support/relay-process.ts';
import { renderProfile } from '../relay/profile-summary.ts';
import { machineLine } from '../storage/machine.ts';
import { type LoadResult, percentile, postBatches, startBareServer } from './load.ts';
import { overlandBatches } from './overland-walk.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const BATCHES = Number(option('--batches') ?? 100);
const PER_BATCH = Number(option('--points') ?? 1000);
const CONNECTIONS = Number(option('--connections') ?? 4);
const TICK_MS = Number(option('--tick-ms') ?? 1000);
const PROFILE = process.argv.includes('--profile');
/** How long Bob's watch may take to show the newest position before the bench says it did not arrive. */
const PARTNER_WAIT_MS = 30_000;
/**
 * The figure issue 15 compares with. Its source could not be found in /work/shared/research (searched for
 * "Recorder", "2 k", "2,000", "2000"), so it is printed as the issue's figure, unverified.
 */
const RECORDER =
  'OwnTracks Recorder ≈ 2 k messages/s (1 point each) on this machine class — the figure issue 15 quotes; ' +
  'its source is not in /work/shared/research; published/measured elsewhere, not run here';

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const num = (n: number) => Math.round(n).toLocaleString('en');

/** The vault on disk: the database and its write-ahead log (a commit lands in the WAL first). */
function vaultBytes(home: string): { db: number; wal: number } {
  const size = (f: string) => (existsSync(join(home, f)) ? statSync(join(home, f)).size : 0);
  return { db: size('device.db'), wal: size('device.db-wal') };
}

/**
 * The vault's own size once its WAL is folded in (checkpoint, TRUNCATE), read after the bridge stopped: the WAL
 * holds every committed version of a page, so its size says more about commits than about what is kept.
 */
function checkpointedBytes(home: string): number {
  const db = new Database(join(home, 'device.db'));
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return vaultBytes(home).db + vaultBytes(home).wal;
}

/** user + system CPU seconds of a process so far (/proc/PID/stat, in USER_HZ = 100 ticks a second). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssBytes(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function loadLine(name: string, r: LoadResult, points: number): string {
  const a = r.acks;
  return (
    `${name}: ${num((a.length * PER_BATCH) / (r.wallMs / 1000))} points/s (${num(a.length * PER_BATCH)} points in ${(r.wallMs / 1000).toFixed(2)} s, ` +
    `${(a.length / (r.wallMs / 1000)).toFixed(1)} batches/s); ack p50 ${ms(percentile(a, 50))}, p95 ${ms(percentile(a, 95))}, ` +
    `p99 ${ms(percentile(a, 99))}, max ${ms(Math.max(...a))}` +
    `; slowest: ${slowest(r)}` +
    (a.length * PER_BATCH < points ? `; ${points - a.length * PER_BATCH} points NOT acknowledged: ${r.failures.join(' | ')}` : '')
  );
}

/** The five slowest batches, as `#index ms`: where in the walk the long acks fall. */
function slowest(r: LoadResult): string {
  return r.acks
    .map((ackMs, k) => ({ ackMs, batch: r.batchOf[k] as number }))
    .sort((x, y) => y.ackMs - x.ackMs)
    .slice(0, 5)
    .map((s) => `#${s.batch} ${ms(s.ackMs)}`)
    .join(', ');
}

/** Records, as the lines come, when Bob's watch first shows `want` (Alice's exact position at that fix time). */
function watchFor(bob: LongRunning, want: { lat: number; lon: number; ts: number }) {
  const seen = { locations: 0, at: undefined as number | undefined };
  let buffered = '';
  let arrived: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  bob.child.stdout?.on('data', (d: Buffer) => {
    const now = performance.now();
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      let e: { type?: string; from?: string; level?: string; lat?: number; lon?: number; fixTs?: number };
      try {
        e = JSON.parse(line);
      } catch {
        continue;
      }
      if (e.type !== 'location' || e.from !== 'Alice') continue;
      seen.locations++;
      const same =
        e.level === 'exact' && e.fixTs === want.ts && Math.abs((e.lat ?? 0) - want.lat) < 1e-6 && Math.abs((e.lon ?? 0) - want.lon) < 1e-6;
      if (same && seen.at === undefined) {
        seen.at = now;
        arrived();
      }
    }
  });
  return { seen, done };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'entwine-bench-bridge-'));
  const relay = await startRelayProcess({ dataDir: join(root, 'relay'), logDir: join(root, 'logs'), tag: 'bench-bridge' });
  const children: LongRunning[] = [];
  try {
    const server = relay.url;
    const homeA = join(root, 'alice');
    const homeB = join(root, 'bob');
    const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', server]);
    const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', server]);
    await Promise.all([a('init', '--name', 'Alice'), b('init', '--name', 'Bob')]);
    const link = (await a('invite')).split('\n')[0] as string;
    await b('accept', link); // Bob shares nothing back
    await a('confirm', 'Bob', '--share', 'location', '--numbers-match'); // location, exact
    await b('verify', 'Alice', '--numbers-match');
    await a('bonds');
    const { url: setupUrl } = JSON.parse(await a('bridge', 'setup', 'overland', '--json')) as { url: string };

    const walk = overlandBatches({ batches: BATCHES, perBatch: PER_BATCH, endMs: Date.now() });
    const points = BATCHES * PER_BATCH;
    console.log(`# bench:bridge — ${machineLine(root)}`);
    console.log(`# command: npm run bench:bridge${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
    console.log(
      `load: ${BATCHES} Overland batches × ${PER_BATCH.toLocaleString('en')} points = ${points.toLocaleString('en')} points ` +
        `(${mib(walk.bytes)} of JSON, ${(walk.bytes / points).toFixed(0)} bytes a point), a walk at one point a second; ` +
        `${CONNECTIONS} concurrent keep-alive connections (Node fetch), each posting its next batch once the last is answered ok`,
    );

    // Baseline: the same batches, nothing kept.
    const bare = await startBareServer();
    const baseline = await postBatches(bare.url, walk.bodies, CONNECTIONS);
    await bare.close();

    // Bob watches; Alice's bridge listens.
    const bob = spawnCli(['watch', '--json', '--home', homeB, '--server', server]);
    children.push(bob);
    const partner = watchFor(bob, walk.last);
    await bob.waitFor((l) => l.includes('"state":"open"'), 30_000);
    const foldedBefore = checkpointedBytes(homeA); // no process has Alice's vault open now
    const profileDir = join(root, 'profile');
    const bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--home', homeA, '--server', server], {
      env: { ENTWINE_TICK_MS: String(TICK_MS), ...(PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}) },
    });
    children.push(bridge);
    const listening = await bridge.waitFor((l) => l.startsWith('Bridge listening on '), 30_000);
    const base = /on (http:\/\/[0-9.]+:[0-9]+)/.exec(listening)?.[1] as string;
    const pid = bridge.child.pid as number;
    const vaultBefore = vaultBytes(homeA);
    const cpuBefore = cpuSeconds(pid);

    const loaded = await postBatches(setupUrl.replace('http://127.0.0.1:8789', base), walk.bodies, CONNECTIONS);
    const cpuLoad = cpuSeconds(pid) - cpuBefore;
    const vaultLoaded = vaultBytes(homeA);
    const rssLoaded = peakRssBytes(pid);

    const partnerWait = await Promise.race([
      partner.done.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), PARTNER_WAIT_MS).unref()),
    ]);

    // Stop: the bridge seals the day's trail (vault chunks, Bob's trail) and closes.
    let rssPeak = rssLoaded ?? 0;
    const poll = setInterval(() => {
      rssPeak = Math.max(rssPeak, peakRssBytes(pid) ?? 0);
    }, 20);
    const stopStarted = performance.now();
    const code = await bridge.stop('SIGTERM');
    const stopMs = performance.now() - stopStarted;
    clearInterval(poll);
    const vaultAfter = vaultBytes(homeA);
    const vaultFolded = checkpointedBytes(homeA);

    console.log('\n## Baseline: a bare Node HTTP server in this process (read the body, JSON.parse, answer ok; nothing kept)');
    console.log(loadLine('bare server', baseline, points));
    console.log(`\n## entwine bridge (Alice's device, its own process; answered after the durable write; ENTWINE_TICK_MS=${TICK_MS})`);
    console.log(loadLine('entwine bridge', loaded, points));
    console.log(
      `bridge CPU over the load: ${cpuLoad.toFixed(1)} s (${((100 * cpuLoad) / (loaded.wallMs / 1000)).toFixed(0)} % of one core); ` +
        `peak RSS ${rssLoaded === undefined ? 'unknown' : mib(rssLoaded)} at the end of the load, ${mib(rssPeak)} including the stop`,
    );
    const total = (v: { db: number; wal: number }) => v.db + v.wal;
    const per1000 = (grownBytes: number) => `+${kib((grownBytes * 1000) / points)} per 1 000 points`;
    console.log(
      `vault (device.db + WAL): ${kib(total(vaultBefore))} at the bridge's start; after the load ${kib(total(vaultLoaded))} ` +
        `(db ${kib(vaultLoaded.db)}, WAL ${kib(vaultLoaded.wal)}), ${per1000(total(vaultLoaded) - total(vaultBefore))}; ` +
        `after the stop ${kib(total(vaultAfter))} (db ${kib(vaultAfter.db)}, WAL ${kib(vaultAfter.wal)}); ` +
        `checkpointed (WAL folded in) ${kib(foldedBefore)} → ${kib(vaultFolded)}, ${per1000(vaultFolded - foldedBefore)}`,
    );
    console.log(`bridge stop (seals the day's trail, closes): ${ms(stopMs)}, exit code ${code}`);

    console.log("\n## Bob's device (`entwine watch --json`)");
    console.log(
      partnerWait && partner.seen.at !== undefined
        ? `Alice's newest position (the last batch's last point, ${new Date(walk.last.ts).toISOString()}) reached Bob ` +
            `${ms(partner.seen.at - loaded.lastBatchAckedAt)} after its batch was acknowledged (the tick is ${TICK_MS} ms); ` +
            `${partner.seen.locations} location lines from Alice over the run`
        : `Alice's newest position did NOT reach Bob within ${PARTNER_WAIT_MS / 1000} s of the last ack ` +
            `(${partner.seen.locations} location lines from Alice seen)`,
    );

    console.log('\n## Beside');
    console.log(RECORDER);
    console.log(
      `bridge ÷ bare server: ${(percentile(loaded.acks, 50) / Math.max(percentile(baseline.acks, 50), 0.001)) | 0}× the median ack, ` +
        `${(baseline.wallMs / loaded.wallMs).toFixed(2)}× the throughput`,
    );

    if (PROFILE) {
      const file = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
      console.log('\n## CPU profile of the bridge process (whole life: start, load, stop), self time');
      if (file) {
        const kept = join(REPO, 'bench/.out', `bridge-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
        mkdirSync(dirname(kept), { recursive: true });
        copyFileSync(join(profileDir, file), kept);
        console.log(`${renderProfile(kept, 20)}\n(kept as ${kept}; open it in Chrome DevTools → Performance for the timeline)`);
      } else console.log('no profile written');
    }
  } finally {
    for (const c of children) await c.stop();
    await relay.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
