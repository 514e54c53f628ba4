/**
 * Stopping a real `entwine` process at one line of its code, so a test can kill it at an exact point (between
 * a durable write and the answer that reports it) instead of racing a timer. The process runs with
 * `--inspect=127.0.0.1:0`; the test attaches over the inspector protocol and sets a breakpoint on the line of
 * the CLI's bundle (packages/cli/dist, the build `current.json` names: the code the process runs) that follows
 * a line matching `after` and itself matches `at`. When the process gets there it stops, and stays stopped
 * until killed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { LongRunning } from './cli.ts';
import { REPO } from './cli.ts';
import { until } from './until.ts';

/** The environment that makes a `spawnCli` process listen for an inspector on a free port. */
export const INSPECT_ENV = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

interface Located {
  file: string;
  /** 0-based, as the inspector protocol counts. */
  line: number;
}

/** The one line of the current bundle that matches `at` right after a line matching `after` (fails if not one). */
export async function bundleLine(after: RegExp, at: RegExp): Promise<Located> {
  const dist = join(REPO, 'packages/cli/dist');
  const { dir } = JSON.parse(await readFile(join(dist, 'current.json'), 'utf8')) as { dir: string };
  const found: Located[] = [];
  for (const name of await readdir(join(dist, dir))) {
    if (!name.endsWith('.js')) continue;
    const file = join(dist, dir, name);
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (after.test(lines[i - 1] as string) && at.test(lines[i] as string)) found.push({ file, line: i });
    }
  }
  if (found.length !== 1) throw new Error(`bundleLine: expected one line ${at} after ${after}, found ${found.length}`);
  return found[0] as Located;
}

export interface Paused {
  /** Resolves when the process has stopped at the line (with the line the inspector reports). */
  reached: Promise<{ file: string; line: number }>;
  close(): void;
}

/** Attaches to `proc` (spawned with INSPECT_ENV) and stops it when it reaches `where` (`reached` fails after `timeoutMs`). */
export async function pauseAt(proc: LongRunning, where: Located, timeoutMs = 30_000): Promise<Paused> {
  const url = await until('the inspector address', async () => /Debugger listening on (ws:\/\/\S+)/.exec(proc.stderr.join(''))?.[1]);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const answers = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  let onPaused: (at: { file: string; line: number }) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<{ file: string; line: number }>((resolve, reject) => {
    onPaused = (at) => {
      clearTimeout(timer);
      resolve(at);
    };
    timer = setTimeout(() => reject(new Error(`pauseAt: the process did not reach ${where.file}:${where.line + 1}`)), timeoutMs);
  });
  const scripts = new Map<string, string>();
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as {
      id?: number;
      result?: unknown;
      error?: unknown;
      method?: string;
      params?: { scriptId?: string; url?: string; callFrames?: { location: { scriptId: string; lineNumber: number } }[] };
    };
    const waiting = m.id === undefined ? undefined : answers.get(m.id);
    if (waiting) {
      if (m.error) waiting.reject(new Error(`inspector: ${JSON.stringify(m.error)}`));
      else waiting.resolve(m.result);
    }
    if (m.method === 'Debugger.scriptParsed' && m.params?.scriptId && m.params.url) scripts.set(m.params.scriptId, m.params.url);
    if (m.method === 'Debugger.paused') {
      const top = m.params?.callFrames?.[0]?.location;
      onPaused({ file: scripts.get(top?.scriptId ?? '') ?? '', line: top?.lineNumber ?? -1 });
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      answers.set(++id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Debugger.enable');
  const set = (await send('Debugger.setBreakpointByUrl', { url: pathToFileURL(where.file).href, lineNumber: where.line })) as {
    locations: unknown[];
  };
  // The process has loaded that chunk (it is listening): a breakpoint that binds nowhere would never stop it.
  if (set.locations.length === 0) throw new Error(`pauseAt: no code at ${where.file}:${where.line + 1} in the running process`);
  return {
    reached,
    close: () => {
      clearTimeout(timer);
      ws.close();
    },
  };
}
