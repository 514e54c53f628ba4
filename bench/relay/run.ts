/**
 * `npm run bench` — the relay benchmark (issue 3, acceptance 10). Not a test: it prints numbers and
 * PASS/MISS against the targets, and always exits 0 unless the bench itself failed.
 *
 *   npm run bench                 full run (~3–5 min): 10 000 sockets, 5 000 envelopes/s, ingest 1/64/1024
 *   npm run bench -- --quick      smoke run (~1 min): 2 000 sockets, short windows
 *   npm run bench -- --help       every flag
 *
 * This process is the load generator; the relay under test (`relay-child.ts`) and the bare `ws`
 * baseline (`bare-ws-relay.ts`) each run in their own child process, one at a time. Scenarios and
 * method: bench/README.md. The report goes to stdout and, as JSON, to bench/.out/relay-<time>.json.
 */
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type RelayLimits } from '@entwine/server';
import {
  closeSockets,
  dataDisk,
  type IngestResult,
  openSockets,
  type PacedResult,
  type Peer,
  profiling,
  quietPolicy,
  runIngest,
  runPaced,
  socketsFor,
  type TargetKind,
  takeSocketStats,
} from './load.ts';
import { type BenchChild, machineCpuSeconds, openFileLimit, startChild } from './proc.ts';
import { renderProfile } from './profile-summary.ts';
import { type BenchReport, evaluateTargets, type IdleResult, type Machine, renderReport } from './report.ts';
import { type BenchBond, type BenchUser, copyStore, makePeople, seedStore, signInAll } from './seed.ts';
import { Samples, sleep } from './stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const OUT = join(REPO, 'bench/.out');

/** The limits the relay under test runs with: defaults, except what would make the limiter the thing measured. */
const BENCH_LIMITS: Partial<RelayLimits> = {
  envelopesPerSecond: 1_000_000_000,
  envelopeBurst: 1_000_000_000,
  maxInFlightPerSocket: 8192,
  helloTimeoutMs: 30_000,
  // The bench registers and signs in thousands of devices from one address at once.
  registrationsPerHour: 1_000_000_000,
  registrationBurst: 1_000_000_000,
  challengesPerMinute: 1_000_000_000,
  challengeBurst: 1_000_000_000,
  invitesPerHour: 1_000_000_000,
  inviteBurst: 1_000_000_000,
};

/** Per-sender window W and frame size B for the ingest runs (total unacked = senders × W). */
const INGEST_SHAPES: Record<number, { batch: number; window: number }> = {
  1: { batch: 128, window: 1024 },
  64: { batch: 16, window: 32 },
  1024: { batch: 16, window: 16 },
};

interface Options {
  quick: boolean;
  sockets: number;
  rate: number;
  senders: number[];
  warmupS: number;
  durationS: number;
  pacedS: number;
  batch?: number;
  window?: number;
  only: Set<string>;
  baseline: boolean;
  profile: boolean;
  commitStats: boolean;
  quietWaitS: number;
}

const HELP = `npm run bench -- [flags]
  --quick               smoke run: 2 000 sockets, 3 s ingest windows, 4 s paced (~1 min)
  --sockets N           open sockets for the paced and idle scenarios (default 10000)
  --rate N              paced envelopes per second in total (default 5000)
  --senders 1,64,1024   ingest sender counts (default 1,64,1024)
  --batch B --window W  override the ingest frame size and per-sender window for every sender count
  --warmup S            warm-up seconds before each measured window (default 2)
  --duration S          ingest measured window in seconds (default 8)
  --paced S             paced measured window in seconds (default 10)
  --only LIST           run only some of: ingest, paced (paced includes idle), baseline
  --no-baseline         skip the bare ws baseline
  --profile             CPU-profile the relay under test during each measured window and print the
                        heaviest functions (profiles in bench/.out/prof-<time>/; profiling slows it)
  --no-commit-stats     do not time the relay's commits (see relay-child.ts)
  --quiet-wait S        before each measured scenario, wait up to S s (default 20; 0: never) until
                        other processes use < 15 % of a core — the machine may be shared`;

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    quick,
    sockets: quick ? 2000 : 10_000,
    rate: 5000,
    senders: [1, 64, 1024],
    warmupS: quick ? 1 : 2,
    durationS: quick ? 3 : 8,
    pacedS: quick ? 4 : 10,
    only: new Set(['ingest', 'paced', 'baseline']),
    baseline: true,
    profile: false,
    commitStats: true,
    quietWaitS: quick ? 3 : 20,
  };
  const num = (i: number, flag: string) => {
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new TypeError(`${flag}: expected a positive number, got ${argv[i + 1]}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') continue;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else if (a === '--sockets') o.sockets = Math.floor(num(i++, a) / 2) * 2;
    else if (a === '--rate') o.rate = num(i++, a);
    else if (a === '--senders') o.senders = String(argv[++i]).split(',').map(Number);
    else if (a === '--batch') o.batch = num(i++, a);
    else if (a === '--window') o.window = num(i++, a);
    else if (a === '--warmup') o.warmupS = num(i++, a);
    else if (a === '--duration') o.durationS = num(i++, a);
    else if (a === '--paced') o.pacedS = num(i++, a);
    else if (a === '--only') o.only = new Set(String(argv[++i]).split(','));
    else if (a === '--no-baseline') o.baseline = false;
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-commit-stats') o.commitStats = false;
    else if (a === '--quiet-wait') o.quietWaitS = Number(argv[++i]);
    else throw new TypeError(`unknown flag ${a} (see --help)`);
  }
  if (o.senders.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new TypeError('--senders: expected positive integers');
  for (const s of o.only)
    if (!['ingest', 'paced', 'baseline'].includes(s)) throw new TypeError(`--only: expected ingest, paced or baseline, got ${s}`);
  return o;
}

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/**
 * Node raises its own soft RLIMIT_NOFILE to the hard limit at startup but cannot go past it; if that is
 * still too low, re-exec through the shell with a higher limit (works where the hard limit may be
 * raised, e.g. root with CAP_SYS_RESOURCE), else carry on and say so in the report.
 */
async function ensureOpenFiles(needed: number): Promise<void> {
  const limit = openFileLimit('self');
  if (!limit || limit.soft >= needed || process.env.ENTWINE_BENCH_REEXEC) return;
  log(`ulimit -n is ${limit.soft}, below the ${needed} this run needs: re-running under a higher one`);
  const args = [...process.execArgv, ...process.argv.slice(1)];
  // 65536 if allowed, else as high as the hard limit goes.
  const raise = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; [ "$(ulimit -n)" -gt ${limit.soft} ] || exit 97; exec "$0" "$@"`;
  const child = spawn('sh', ['-c', raise, process.execPath, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ENTWINE_BENCH_REEXEC: '1' },
  });
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  if (code === 97) {
    log('could not raise ulimit -n; continuing with the current limit (sockets may fail to open)');
    return;
  }
  process.exit(code);
}

function fsyncProbe(dir: string, n: number): Samples {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(256, 7);
  const s = new Samples(n);
  try {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      s.add(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return s;
}

function commandLine(argv: string[]): string {
  const args = argv.join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `node --import tsx bench/relay/run.ts${args ? ` ${args}` : ''}`;
}

interface Ctx {
  o: Options;
  root: string;
  template: string;
  users: BenchUser[];
  bonds: BenchBond[];
  limits: RelayLimits;
  nofile: number;
  profileDir?: string;
  /** Profiles written, with the scenario each covers. */
  profiles: { file: string; label: string }[];
  runs: number;
}

function relayArgs(ctx: Ctx, dir: string, lifetimeMs: number): string[] {
  return [dir, JSON.stringify(BENCH_LIMITS), String(lifetimeMs), ...(ctx.o.commitStats ? [] : ['nocommitstats'])];
}

/** Asks for a CPU profile of the next measured window, when --profile is on. */
function profileNext(ctx: Ctx, label: string): void {
  if (!ctx.profileDir) return;
  const file = join(ctx.profileDir, `${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  ctx.profiles.push({ file, label });
  profiling.file = file;
}

async function startOurs(ctx: Ctx): Promise<{ child: BenchChild; dir: string }> {
  const dir = join(ctx.root, `relay-${++ctx.runs}`);
  await copyStore(ctx.template, dir);
  const child = await startChild(join(HERE, 'relay-child.ts'), relayArgs(ctx, dir, 20 * 60_000), { nofile: ctx.nofile, cwd: REPO });
  return { child, dir };
}

async function stopOurs(run: { child: BenchChild; dir: string }): Promise<void> {
  await run.child.stop();
  rmSync(run.dir, { recursive: true, force: true });
}

async function ingest(ctx: Ctx, senders: number): Promise<IngestResult> {
  const shape = INGEST_SHAPES[senders] ?? { batch: Math.max(1, Math.min(128, Math.floor(2048 / senders))), window: 0 };
  const batch = ctx.o.batch ?? shape.batch;
  const window = ctx.o.window ?? (shape.window || batch * 2);
  const run = await startOurs(ctx);
  let peers: Peer[] = [];
  try {
    const senderIdx = Array.from({ length: senders }, (_, k) => 2 * k);
    const sendersPeers = await openSockets('entwine', run.child.url, socketsFor(senderIdx, ctx.users, ctx.bonds));
    const partners = await openSockets(
      'entwine',
      run.child.url,
      socketsFor(
        senderIdx.map((i) => i + 1),
        ctx.users,
        ctx.bonds,
      ),
    );
    peers = [...sendersPeers, ...partners];
    log(
      `ingest: ${senders} senders + ${senders} partners open; B=${batch}, W=${window}, ${ctx.o.warmupS} s warm-up + ${ctx.o.durationS} s`,
    );
    profileNext(ctx, `ingest ${senders} senders`);
    const result = await runIngest(run.child, sendersPeers, {
      batch,
      window,
      warmupS: ctx.o.warmupS,
      durationS: ctx.o.durationS,
    });
    log(
      `ingest ${senders}: ${Math.round(result.acksPerSecond)} acks/s, ack p50 ${result.ackLatency.p50.toFixed(2)} ms p99 ${result.ackLatency.p99.toFixed(2)} ms, relay CPU ${result.cpu.relay.toFixed(0)} %`,
    );
    return result;
  } finally {
    closeSockets(peers);
    await stopOurs(run);
  }
}

/** Opens the sockets in two steps and reads the child's memory (after GC) between and after. */
async function idleThenPaced(ctx: Ctx, kind: TargetKind, child: BenchChild): Promise<{ idle: IdleResult; paced: PacedResult }> {
  const n = ctx.o.sockets;
  const all = Array.from({ length: n }, (_, i) => i);
  const sockets =
    kind === 'entwine'
      ? socketsFor(all, ctx.users, ctx.bonds)
      : socketsFor(all, ctx.users, ctx.bonds).map((s) => ({ index: s.index, prefix: s.prefix }));
  const warm = Math.min(200, Math.floor(n / 10) * 2);
  let peers: Peer[] = [];
  try {
    peers = await openSockets(kind, child.url, sockets.slice(0, warm));
    await sleep(500);
    const before = await child.mem();
    const started = performance.now();
    peers.push(...(await openSockets(kind, child.url, sockets.slice(warm))));
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(1000);
    const after = await child.mem();
    const counted = n - warm;
    const idle: IdleResult = {
      sockets: n,
      warm,
      before,
      after,
      rssPerSocket: (after.rss - before.rss) / counted,
      heapPerSocket: (after.heapUsed - before.heapUsed) / counted,
      connectSeconds,
    };
    log(`${kind} idle: ${n} sockets in ${connectSeconds.toFixed(1)} s; ${(idle.rssPerSocket / 1024).toFixed(2)} KiB RSS per socket`);
    takeSocketStats();
    if (kind === 'entwine') profileNext(ctx, `paced ${n} sockets`);
    const paced = await runPaced(child, kind, peers, { rate: ctx.o.rate, warmupS: ctx.o.warmupS, durationS: ctx.o.pacedS });
    log(
      `${kind} paced: ${Math.round(paced.sentPerSecond)}/s, delivery p50 ${paced.delivery.p50.toFixed(2)} ms p99 ${paced.delivery.p99.toFixed(2)} ms, relay CPU ${paced.cpu.relay.toFixed(0)} %`,
    );
    return { idle, paced };
  } finally {
    closeSockets(peers);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = parseArgs(argv);
  quietPolicy.maxWaitS = o.quietWaitS;
  dataDisk.path = os.tmpdir();
  await ensureOpenFiles(o.sockets + 2048);
  const date = new Date();
  const stamp = date.toISOString().replace(/[:.]/g, '-');
  mkdirSync(OUT, { recursive: true });
  const root = mkdtempSync(join(os.tmpdir(), 'entwine-bench-'));
  const shm = mkdtempSync(join(os.platform() === 'linux' ? '/dev/shm' : os.tmpdir(), 'entwine-bench-seed-'));
  const notes: string[] = [];
  // Ctrl-C: the children exit when their stdin closes; the temp directories are removed here.
  const interrupted = (signal: NodeJS.Signals) => {
    rmSync(root, { recursive: true, force: true });
    rmSync(shm, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const loadBefore = os.loadavg();
    const idleFrom = machineCpuSeconds();
    await sleep(2000);
    const busyBefore = (100 * (machineCpuSeconds().busy - idleFrom.busy)) / 2;
    if (busyBefore > 20) {
      notes.push(`the machine was not idle: other processes used ${busyBefore.toFixed(0)} % of one core in the 2 s before the run started`);
    }
    const fsync = fsyncProbe(root, 300).summary();
    const machine: Machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memory: os.totalmem(),
      node: process.versions.node,
      kernel: os.release(),
      platform: os.platform(),
      loadBefore,
      busyBefore,
      fsync,
      dataDir: os.tmpdir(),
      nofile: { generator: openFileLimit('self')?.soft },
    };
    const maxSenders = o.only.has('ingest') ? Math.max(0, ...o.senders) : 0;
    const userCount = Math.max(o.sockets, 2 * maxSenders);
    const nofile = Math.max(65_536, userCount + 4096);
    if ((machine.nofile.generator ?? 0) < o.sockets + 1024) {
      notes.push(`ulimit -n of the generator is ${machine.nofile.generator}: too low for ${o.sockets} client sockets`);
    }

    log(`seeding ${userCount} users (${userCount / 2} bonds) …`);
    const seedStart = performance.now();
    const users = await makePeople(userCount);
    log(`keys and signed device lists in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const bonds = await seedStore(shm, users);
    const signinDir = join(root, 'template');
    await copyStore(shm, signinDir);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s; signing every device in over HTTP …`);
    const signin = await startChild(join(HERE, 'relay-child.ts'), [signinDir, JSON.stringify(BENCH_LIMITS), String(10 * 60_000)], {
      nofile,
      cwd: REPO,
    });
    machine.nofile.relay = signin.nofile;
    let signInsPerSecond: number;
    try {
      signInsPerSecond = await signInAll(signin.url, users, 32);
    } finally {
      await signin.stop();
    }
    log(`sign-in: ${Math.round(signInsPerSecond)}/s`);
    // The template now holds the sessions too; every scenario starts from a copy of it.
    const limits = { ...DEFAULT_LIMITS, ...BENCH_LIMITS };
    const ctx: Ctx = { o, root, template: signinDir, users, bonds, limits, nofile, runs: 0, profiles: [] };
    if (o.profile) {
      ctx.profileDir = join(OUT, `prof-${stamp}`);
      mkdirSync(ctx.profileDir, { recursive: true });
      notes.push(`the relay was CPU-profiled during each measured window (profiles in ${ctx.profileDir}); profiling slows it down`);
    }

    const ingestResults: IngestResult[] = [];
    if (o.only.has('ingest')) {
      for (const n of o.senders) ingestResults.push(await ingest(ctx, n));
    }

    let ours: BenchReport['ours'];
    if (o.only.has('paced')) {
      const run = await startOurs(ctx);
      try {
        ours = await idleThenPaced(ctx, 'entwine', run.child);
      } finally {
        await stopOurs(run);
      }
    }

    let baseline: BenchReport['baseline'];
    if (o.baseline && o.only.has('baseline')) {
      const child = await startChild(join(HERE, 'bare-ws-relay.ts'), [String(10 * 60_000)], { nofile, cwd: REPO });
      machine.nofile.baseline = child.nofile;
      try {
        baseline = await idleThenPaced(ctx, 'bare', child);
      } finally {
        await child.stop();
      }
    }

    machine.loadAfter = os.loadavg();
    const base = {
      date: date.toISOString(),
      command: commandLine(argv),
      quick: o.quick,
      machine,
      limits,
      seed: { users: userCount, bonds: bonds.length, seedSeconds, signInsPerSecond },
      ingest: ingestResults,
      ours,
      baseline,
    };
    const report: BenchReport = { ...base, targets: evaluateTargets(base), notes };
    const noisy = [
      ...ingestResults.map((i) => [`ingest ${i.senders}`, i.cpu] as const),
      ...(ours ? [['paced (ours)', ours.paced.cpu] as const] : []),
      ...(baseline ? [['paced (bare ws)', baseline.paced.cpu] as const] : []),
    ].filter(([, c]) => c.others + c.steal > 20);
    for (const [label, c] of noisy) {
      notes.push(
        `${label}: other processes (${c.others.toFixed(0)} %) and steal (${c.steal.toFixed(0)} %) took CPU during the measured window, so that number understates the relay`,
      );
    }
    for (const i of ingestResults) {
      const refused = Object.entries(i.statuses).filter(([k]) => k !== 'stored' && k !== 'duplicate');
      if (refused.length > 0)
        notes.push(`ingest ${i.senders}: the relay refused some envelopes (${refused.map(([k, v]) => `${k} ${v}`).join(', ')})`);
    }
    if (o.quick) notes.push('--quick: a smoke run with fewer sockets and short windows; the targets are defined for the full run');
    const text = renderReport(report);
    process.stdout.write(`\n${text}\n`);
    const file = join(OUT, `relay-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nJSON: ${file}\n`);
    for (const { file: profile, label } of ctx.profiles) {
      process.stdout.write(`\nprofile of the relay during the measured window, ${label} — ${renderProfile(profile, 20)}\n`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(shm, { recursive: true, force: true });
  }
}

await main();
