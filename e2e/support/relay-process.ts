/**
 * The relay as its own process (`entwine start`), as a self-hoster runs it: its stdout and stderr go to
 * files so a test can scan every byte the server wrote, and it can be killed with SIGKILL mid-write.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO, tempDir } from './cli.ts';
import { startRelay } from './relay.ts';

export interface RelayProcess {
  url: string;
  port: number;
  dataDir: string;
  stdoutFile: string;
  stderrFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startRelayProcess(opts: {
  dataDir: string;
  logDir: string;
  port?: number;
  tag?: string;
  /** More `entwine start` flags. */
  args?: string[];
}): Promise<RelayProcess> {
  await mkdir(opts.logDir, { recursive: true });
  const tag = opts.tag ?? 'relay';
  const stdoutFile = join(opts.logDir, `${tag}.stdout`);
  const stderrFile = join(opts.logDir, `${tag}.stderr`);
  const out = createWriteStream(stdoutFile, { flags: 'a' });
  const err = createWriteStream(stderrFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    [join(REPO, 'packages/cli/bin/entwine.js'), 'start', '--port', String(opts.port ?? 0), '--data', opts.dataDir, ...(opts.args ?? [])],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  child.stderr.pipe(err);
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${seen}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out.write(d);
      seen += d.toString();
      const m = /listening on (\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.on('close', (code) => reject(new Error(`relay exited ${code}: ${seen}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir: opts.dataDir,
    stdoutFile,
    stderrFile,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      await new Promise((r) => out.end(r));
      await new Promise((r) => err.end(r));
    },
  };
}

/**
 * One relay for a whole test file, started before its tests and removed (with its temp folder) after them;
 * CLI homes go in `.root` beside its data. By default the relay runs inside the test process (`startRelay`,
 * `relay.ts`): the CLI reaches it over HTTP exactly as it reaches `entwine start`, without a second Node start
 * per file. `{ process: true }` runs `entwine start` instead, for a file that needs the self-hoster's process.
 * Read `.relay` and `.root` inside tests.
 */
export function relayForSuite(tag: string, opts: { process?: boolean } = {}): { readonly relay: RelayProcess; readonly root: string } {
  const suite = { relay: undefined as RelayProcess | undefined, root: '', remove: async () => {} };
  beforeAll(async () => {
    if (opts.process) {
      suite.root = await tempDir(tag);
      const root = suite.root;
      const relay = await startRelayProcess({ dataDir: join(root, 'data'), logDir: join(root, 'logs') });
      suite.relay = relay;
      suite.remove = async () => {
        await relay.stop();
        await rm(root, { recursive: true, force: true });
      };
      return;
    }
    const relay = await startRelay({ tag });
    suite.root = relay.root;
    suite.relay = {
      url: relay.url,
      port: Number(new URL(relay.url).port),
      dataDir: relay.dataDir,
      // In the process the log is one file; it is what `entwine start` prints to stdout.
      stdoutFile: relay.logFile,
      stderrFile: relay.logFile,
      stop: () => relay.stop(),
    };
    suite.remove = () => relay.remove();
  });
  afterAll(async () => suite.remove());
  return {
    get relay() {
      if (!suite.relay) throw new Error('relayForSuite: the relay is started in beforeAll; read it inside a test');
      return suite.relay;
    },
    get root() {
      return suite.root;
    },
  };
}
