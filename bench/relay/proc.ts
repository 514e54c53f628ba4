/**
 * The parent side of the bench's child processes, and what /proc tells about them: each relay runs in
 * its own process (so its RSS and CPU are its own and it does not share the load generator's event
 * loop), started through `sh -c 'ulimit -n N; exec node …'` so it may hold 10 000+ sockets.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface WindowStats {
  /** How long the child's window was, by its own clock (it starts and ends when the child reads the command). */
  ms: number;
  /** null when the child's loop never ran the delay timer in the window. */
  loopDelay: { p50: number | null; p99: number | null; max: number | null };
  /** Relay child only: the synchronous envelope commits (inserts + COMMIT with its fsync). */
  commits?: { count: number; rows: number; totalMs: number; p50: number; p99: number; max: number };
}

export interface BenchChild {
  pid: number;
  /** Bytes this child caused to be written to storage so far. */
  writtenBytes(): number;
  url: string;
  /** The child's soft limit on open files, as the kernel reports it. */
  nofile: number | undefined;
  /** process.memoryUsage() in the child after two full GCs. */
  mem(): Promise<MemoryUsage>;
  /** Cumulative event-loop idle and active milliseconds in the child. */
  loop(): Promise<{ idle: number; active: number }>;
  /** Stats since the previous call (event-loop delay, commit timings), and a new window starts. */
  window(): Promise<WindowStats>;
  /** A CPU profile of the child between these two calls, written to `file`. */
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** User + system CPU seconds the child has used so far (/proc/<pid>/stat). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process in seconds. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) " start at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/**
 * CPU seconds of the whole machine (all cores) since boot, from /proc/stat: busy time inside this VM,
 * and steal (time the hypervisor gave our virtual CPUs to someone else).
 */
export function machineCpuSeconds(): { busy: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] as string;
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const tick = ticksPerSecond();
  return { busy: (user + nice + system + irq + softirq) / tick, steal: steal / tick };
}

/** Bytes written to the block device holding `path` since boot (/proc/diskstats), or NaN if not found. */
export function deviceWrittenBytes(path: string): number {
  const dev = statSync(path).dev;
  const major = (dev >> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (Number(f[0]) === major && Number(f[1]) === minor) return Number(f[9]) * 512;
  }
  return Number.NaN;
}

/** Bytes a process caused to be written to storage (/proc/<pid>/io `write_bytes`). */
export function processWrittenBytes(pid: number | 'self'): number {
  const m = /^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** The soft "Max open files" limit of a process, from /proc/<pid>/limits. */
export function openFileLimit(pid: number | 'self'): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(line);
    if (!m) return undefined;
    const n = (s: string) => (s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
    return { soft: n(m[1] as string), hard: n(m[2] as string) };
  } catch {
    return undefined;
  }
}

export interface StartOptions {
  /** The `ulimit -n` to ask for before exec (if refused: the hard limit). */
  nofile: number;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  cwd: string;
  /** Give up if the child has not said READY in this time. */
  startTimeoutMs?: number;
}

export async function startChild(script: string, args: string[], options: StartOptions): Promise<BenchChild> {
  const nodeArgs = ['--expose-gc', ...(options.nodeFlags ?? []), '--import', 'tsx', script, ...args];
  // "$0" "$@" keeps every argument quoted exactly; a failing ulimit is reported by the nofile check.
  const child = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${options.nofile} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"`,
      process.execPath,
      ...nodeArgs,
    ],
    {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  let nextId = 0;
  const ready = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script}: no READY line within ${options.startTimeoutMs ?? 30_000} ms`)),
      options.startTimeoutMs ?? 30_000,
    );
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script}: exited with ${code} before READY`));
    });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)) as { url: string; pid: number });
        return;
      }
      let answer: Record<string, unknown>;
      try {
        answer = JSON.parse(line) as Record<string, unknown>;
      } catch {
        process.stderr.write(`[${script}] ${line}\n`);
        return;
      }
      const id = answer.id as number;
      waiting.get(id)?.(answer);
      waiting.delete(id);
    });
  });
  const info = await ready;
  const request = (cmd: string, timeoutMs = 30_000, extra: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${script}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      child.stdin.write(`${JSON.stringify({ id, cmd, ...extra })}\n`);
    });
  const pid = info.pid; // sh exec'd into node, so this is also child.pid
  return {
    pid,
    url: info.url,
    nofile: openFileLimit(pid)?.soft,
    mem: async () => (await request('mem')).mem as MemoryUsage,
    profileStart: async () => void (await request('profile-start')),
    profileStop: async (file) => void (await request('profile-stop', 60_000, { file })),
    window: async () => (await request('window')).window as WindowStats,
    loop: async () => (await request('loop')).loop as { idle: number; active: number },
    cpuSeconds: () => processCpuSeconds(pid),
    writtenBytes: () => processWrittenBytes(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        await request('stop', 15_000);
      } catch {
        child.kill('SIGKILL');
      }
      child.stdin.end();
      await exited;
    },
  };
}
