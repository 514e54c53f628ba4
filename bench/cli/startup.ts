/**
 * `npm run bench:cli` — how long `entwine --help` and `entwine bonds` take from the shell, before and after
 * the CLI became a bundle (issue 12, acceptance 9; docs/decisions/0010-cli-runs-a-bundle.md).
 *
 * - before: `node --import tsx packages/cli/src/main.ts ARGS` — the sources transpiled at every start, as the
 *   bin did until then;
 * - after:  `node packages/cli/bin/entwine.js ARGS` — the bin as a person runs it (`npx entwine`), which
 *   checks that the bundle is fresh and runs it;
 * - floor:  `node -e ''` — Node's own start on this machine at this moment, for scale.
 *
 * `bonds` runs against a relay on loopback started for the run, in a home bonded to one partner, so it does
 * what a person's `bonds` does (open the home, sign in, sync, print). The variants run interleaved, so load
 * from other processes falls on all of them alike; the load average is printed before and after.
 *
 *   npm run bench:cli                 9 runs of each
 *   npm run bench:cli -- --runs N
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCli } from '../../packages/cli/build/bundle.js';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'packages/cli/bin/entwine.js');
const SOURCES = join(REPO, 'packages/cli/src/main.ts');
/** Issue 12: `--help` median under 300 ms; `bonds` "well under a second". */
const TARGET_MS: Record<string, number> = { '--help': 300, bonds: 1000 };
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 9;

interface Variant {
  label: string;
  argv: (cliArgs: string[]) => string[];
}

const VARIANTS: Variant[] = [
  { label: 'before (tsx)', argv: (a) => ['--import', 'tsx', SOURCES, ...a] },
  { label: 'after (bundle)', argv: (a) => [BIN, ...a] },
];

/**
 * One run, timed from spawn to exit (wall), and its CPU time (user + sys) as GNU time reports it, when
 * /usr/bin/time is there: on a shared machine the wall time mostly measures the other processes, the CPU
 * time what the start itself costs.
 */
function run(argv: string[]): Promise<{ ms: number; cpuMs: number | undefined; code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const [command, args] = GNU_TIME ? [GNU_TIME, ['-f', 'cpu %U %S', process.execPath, ...argv]] : [process.execPath, argv];
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(err);
      const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined;
      done({ ms, cpuMs, code, out: out + (cpu ? err.slice(0, cpu.index) : err) });
    });
  });
}

async function ok(argv: string[]): Promise<string> {
  const r = await run(argv);
  if (r.code !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.code}:\n${r.out}`);
  return r.out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (ms: number) => `${Math.round(ms)} ms`.padStart(8);

async function startRelay(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', dataDir, '--no-web'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((found, fail) => {
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /listening on (\S+)/.exec(seen);
      if (m) found(m[1]!);
    });
    child.on('close', (code) => fail(new Error(`relay exited ${code}: ${seen}`)));
  });
  return { url, child };
}

interface Times {
  wall: number[];
  cpu: number[];
}

const FLOOR = 'floor (node -e "")';

async function measure(cliArgs: string[]): Promise<Map<string, Times>> {
  const times = new Map<string, Times>([FLOOR, ...VARIANTS.map((v) => v.label)].map((l) => [l, { wall: [], cpu: [] }]));
  const record = (label: string, r: { ms: number; cpuMs: number | undefined }) => {
    const t = times.get(label)!;
    t.wall.push(r.ms);
    if (r.cpuMs !== undefined) t.cpu.push(r.cpuMs);
  };
  // One unmeasured run of each first: the file system cache, not the code, would otherwise decide run 1.
  for (const v of VARIANTS) await ok(v.argv(cliArgs));
  for (let i = 0; i < RUNS; i++) {
    record(FLOOR, await run(['-e', '']));
    for (const v of VARIANTS) {
      const r = await run(v.argv(cliArgs));
      if (r.code !== 0) throw new Error(`${v.label} ${cliArgs.join(' ')} exited ${r.code}:\n${r.out}`);
      record(v.label, r);
    }
  }
  return times;
}

function report(command: string, title: string, times: Map<string, Times>) {
  const target = TARGET_MS[command];
  console.log(`\nentwine ${title}  (${RUNS} runs each; wall median / min / max; CPU user+sys median)`);
  for (const [label, t] of times) {
    const wall = median(t.wall);
    const verdict = label.startsWith('after') && target ? `  target < ${target} ms: ${wall < target ? 'met' : 'MISSED'} (wall)` : '';
    const cpu = t.cpu.length ? `   CPU ${fmt(median(t.cpu))}` : '';
    console.log(`  ${label.padEnd(20)} ${fmt(wall)} ${fmt(Math.min(...t.wall))} ${fmt(Math.max(...t.wall))}${cpu}${verdict}`);
  }
}

async function main() {
  const root = await mkdtemp(join(os.tmpdir(), 'entwine-bench-cli-'));
  const { dir } = await bundleCli();
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`bundle: packages/cli/dist/${dir}`);
  console.log(`before: node --import tsx packages/cli/src/main.ts ARGS`);
  console.log(`after:  node packages/cli/bin/entwine.js ARGS   (what npx entwine runs)`);
  const relay = await startRelay(join(root, 'data'));
  try {
    const home = join(root, 'alice');
    const partner = join(root, 'bob');
    const at = (h: string) => ['--home', h, '--server', relay.url];
    await ok([BIN, 'init', '--name', 'Alice', ...at(home)]);
    await ok([BIN, 'init', '--name', 'Bob', ...at(partner)]);
    const link = (await ok([BIN, 'invite', ...at(home)])).split('\n')[0]!;
    await ok([BIN, 'accept', link, '--share', 'location', ...at(partner)]);
    await ok([BIN, 'confirm', 'Bob', '--share', 'location', '--numbers-match', ...at(home)]);

    report('--help', '--help', await measure(['--help']));
    report('bonds', 'bonds (one bond, relay on loopback)', await measure(['bonds', ...at(home)]));
  } finally {
    relay.child.kill('SIGTERM');
    await new Promise((r) => relay.child.once('close', r));
    await rm(root, { recursive: true, force: true });
  }
  console.log(
    `\nload average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
