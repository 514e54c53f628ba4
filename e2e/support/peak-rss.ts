/**
 * A CLI run's peak memory, read from outside the process: the kernel's high-water mark of its resident set
 * (`VmHWM` in /proc/<pid>/status, Linux), polled until the process exits. Why this and not something else:
 * - nothing of the test runs inside the measured process (no preload, no code of ours), and the CLI is the one
 *   a person runs;
 * - VmHWM only ever rises, and the kernel keeps it for the whole life of the process, so a poll that comes late
 *   (a loaded machine) loses nothing that happened before it; only growth in the last interval before exit
 *   could be missed, and the CLI spends that interval closing its store after printing its report. (Checked
 *   against the process's own getrusage maxRSS at exit: the same to 0.1 MiB on a 200 000-point import.)
 * - sampling VmRSS instead would miss every peak between two samples; `/usr/bin/time` is not on every machine.
 *
 * The one condition set: V8's young generation is held at 1 MiB semi-spaces (`--max-semi-space-size=1`,
 * through NODE_OPTIONS). Left to itself it grows on any long run to a size of its own choosing (128 MiB seen),
 * whatever the input, and its high-water mark swings by ±40 MiB from run to run — enough to hide an import that
 * kept every fix of a 400 000-point file. Held small, the peak is the process's lasting memory plus old-space
 * garbage, which is what a memory bound is about. The program does the same work either way.
 */
import { readFile } from 'node:fs/promises';
import { spawnCli } from './cli.ts';

const POLL_MS = 10;
export const MEASURED_NODE_OPTIONS = '--max-semi-space-size=1';

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The highest resident set seen, in KiB (0 if the process ended before the first read). */
  peakKiB: number;
  /** Wall time from spawn to exit. */
  ms: number;
}

async function highWaterKiB(pid: number): Promise<number | undefined> {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined; // exited between two reads
  }
}

/** Runs `entwine ARGS` to its end, reading its peak resident set from outside while it runs. */
export async function runWithPeakRss(args: string[]): Promise<MeasuredRun> {
  const started = performance.now();
  const nodeOptions = [process.env.NODE_OPTIONS, MEASURED_NODE_OPTIONS].filter(Boolean).join(' ');
  const run = spawnCli(args, { env: { NODE_OPTIONS: nodeOptions } });
  const pid = run.child.pid;
  if (pid === undefined) throw new Error(`entwine ${args.join(' ')} did not start`);
  let exited = false;
  const code = new Promise<number | null>((resolve) =>
    run.child.once('exit', (c) => {
      exited = true;
      resolve(c);
    }),
  );
  let peakKiB = 0;
  while (!exited) {
    peakKiB = Math.max(peakKiB, (await highWaterKiB(pid)) ?? 0);
    await Promise.race([code, new Promise((r) => setTimeout(r, POLL_MS))]);
  }
  const exit = await code;
  const ms = performance.now() - started;
  await run.stop(); // already exited: waits for its output to close
  return { code: exit, stdout: run.lines.join('\n'), stderr: run.stderr.join(''), peakKiB, ms };
}
