/**
 * Driving the real `entwine` CLI as child processes, the way a person would from a shell: each call is
 * a fresh process with its own `--home`; long-running ones (`watch`, `start`) are read line by line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'packages/cli/bin/entwine.js');

/**
 * The publish tick the CLI runs with in tests: short, so a one-shot `share` does not wait 15 s for its
 * tick. Everything else about the tick (fixed schedule, one envelope per facet per bond) is unchanged.
 */
export const TEST_TICK_MS = 200;
const CLI_ENV = { ...process.env, ENTWINE_TICK_MS: String(TEST_TICK_MS) };
/**
 * How long one command may take before it counts as hung. Generous: each command is a fresh Node process
 * that transpiles the CLI at start (about 1 s of CPU), which a machine with every core busy stretches
 * many times over; a real hang still fails, and the test's own timeout bounds the whole.
 */
const CLI_TIMEOUT_MS = 45_000;

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `entwine-${prefix}-`));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: CLI_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`entwine ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? CLI_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Runs a CLI command and fails the test with its output if it did not exit 0. */
export async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`entwine ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

export interface LongRunning {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  waitFor(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `env`: more environment for this process (e.g. NODE_OPTIONS for a measurement), over the tests' own. */
export function spawnCli(args: string[], opts: { env?: Record<string, string> } = {}): LongRunning {
  const env = { ...CLI_ENV, ...opts.env };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { predicate: (l: string) => boolean; resolve(l: string): void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      nl = buffered.indexOf('\n');
    }
  });
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child,
    lines,
    stderr,
    waitFor(predicate, timeoutMs = 15_000) {
      const seen = lines.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for a line; got:\n${lines.join('\n')}\nstderr:\n${stderr.join('')}`)),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (l) => {
            clearTimeout(timer);
            resolveLine(l);
          },
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

type Run = (...args: string[]) => Promise<string>;

/**
 * Bonds two identities through the real commands (invite → accept → confirm → verify), both saying the numbers
 * match: the inviter with her yes, the invitee once the yes reached him. Both share location. Returns the link.
 */
async function bondThrough(a: Run, b: Run, names: [string, string]): Promise<string> {
  const link = (await a('invite')).split('\n')[0] as string;
  await b('accept', link, '--share', 'location');
  await a('confirm', names[1], '--share', 'location', '--numbers-match');
  await b('verify', names[0], '--numbers-match');
  return link;
}

/** Two identities on one relay, bonded (`bondThrough`). */
export async function bondedPair(server: string, names: [string, string] = ['Alice', 'Bob']) {
  const homeA = await tempDir(names[0].toLowerCase());
  const homeB = await tempDir(names[1].toLowerCase());
  const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', server]);
  const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', server]);
  await a('init', '--name', names[0]);
  await b('init', '--name', names[1]);
  const link = await bondThrough(a, b, names);
  const bondsB = await b('bonds', '--json');
  const bondsA = await a('bonds', '--json');
  return { homeA, homeB, a, b, link, bondsA: JSON.parse(bondsA), bondsB: JSON.parse(bondsB) };
}

/**
 * One identity (`hub`) bonded with each of `partners` through the same commands as `bondThrough`, the partners'
 * steps side by side (each has its own home; the hub's run one after another). The hub shares `hubShares(partner)`
 * with each (default: location); `run(name, ...args)` runs a command as that person.
 */
export async function bondedHub(server: string, hub: string, partners: readonly string[], hubShares = (_partner: string) => 'location') {
  const homes = new Map<string, string>();
  for (const name of [hub, ...partners]) homes.set(name, await tempDir(name.toLowerCase()));
  const home = (name: string): string => {
    const dir = homes.get(name);
    if (dir === undefined) throw new Error(`bondedHub: no home for ${name}`);
    return dir;
  };
  const run = (name: string, ...args: string[]) => ok([...args, '--home', home(name), '--server', server]);
  await Promise.all([hub, ...partners].map((name) => run(name, 'init', '--name', name)));
  const links: string[] = [];
  for (const _ of partners) links.push((await run(hub, 'invite')).split('\n')[0] as string);
  await Promise.all(partners.map((p, i) => run(p, 'accept', links[i] as string, '--share', 'location')));
  for (const p of partners) await run(hub, 'confirm', p, '--share', hubShares(p), '--numbers-match');
  await Promise.all(partners.map((p) => run(p, 'verify', hub, '--numbers-match')));
  // The hub's device learns from the relay that the bonds started (as any command of it would).
  await run(hub, 'bonds');
  return { home, run };
}
