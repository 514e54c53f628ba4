/**
 * The one way tests start a relay. Two layers, one shape:
 * - `startRelay` — the relay inside the test process (`createRelay`, port 0), with its SQLite data and its log
 *   in a temp folder the test may read afterwards; test hooks let a test play a malicious relay. Cheap: this
 *   is the default for every test that only needs *a* relay.
 * - `startRelayProcess` (`relay-process.ts`) — the relay as its own `entwine start` process, as a self-hoster
 *   runs it, for the tests that read every byte it printed or kill it with SIGKILL mid-write.
 *
 * `relayForFile` starts the in-process one before a file's tests and removes it after them. The older
 * helpers (`startWebRelay`, `startHookedRelay`, `hookedRelayForSuite`) are thin wrappers over `startRelay`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '@entwine/core';
import { createRelay, type RelayLimits, type TestHooks } from '@entwine/server';
import { afterAll, beforeAll } from 'vitest';
import { WEB_E2E_DIST } from './build-web.ts';
import { tempDir } from './cli.ts';

export interface RelayOptions {
  /** Test hooks: the relay misbehaves (drops, alters, replays) where a test says so. */
  testHooks?: TestHooks;
  limits?: Partial<RelayLimits>;
  /** Names the temp folder (`entwine-<tag>-…`). */
  tag?: string;
  /** The built app to serve at `/`: a folder, or false for the API only (the default). */
  webRoot?: string | false;
  /** Origins of an app served elsewhere that may call the API (CORS). */
  webOrigins?: string[];
  /** A street map to serve (`entwine start --basemap FILE`): a .pmtiles or .mbtiles file. */
  basemap?: string;
  /** Write the relay's log to `logFile` (default true), so a test can scan what it wrote. */
  log?: boolean;
  /** A fixed loopback port (default: any free one). A saved browser profile only opens on its own origin. */
  port?: number;
  /** A data folder to use instead of a fresh one in the temp folder (a saved relay, copied by the test). */
  dataDir?: string;
  /**
   * The relay's clock (default: the system's). A test that needs days to pass for the relay — the live window,
   * retention — moves it (`relay-clock.ts`) and then runs the sweep (`TestRelay.sweep`).
   */
  clock?: Clock;
  /** `entwine start --live-days`: days a live envelope is kept for a device that has not read it (default 7). */
  liveDays?: number;
}

export interface TestRelay {
  url: string;
  /** The temp folder holding `data/` and `relay.log`. */
  root: string;
  /** The relay's data directory (its SQLite file), for tests that read what the relay keeps. */
  dataDir: string;
  logFile: string;
  /** Runs the relay's periodic sweep now (it runs every minute anyway): the live window, retention, reclaiming freed pages. */
  sweep(): Promise<void>;
  /** Stops the relay (and flushes its log); the folder stays until `remove`. */
  stop(): Promise<void>;
  /** Stops the relay and deletes its folder. */
  remove(): Promise<void>;
}

/** The test build of the web app (`build-web.ts`): the release plus the test hooks, such as the tick override. */
export const WEB_ROOT = WEB_E2E_DIST;

export async function startRelay(opts: RelayOptions = {}): Promise<TestRelay> {
  const root = await tempDir(opts.tag ?? 'relay');
  const dataDir = opts.dataDir ?? join(root, 'data');
  const logFile = join(root, 'relay.log');
  const log: WriteStream | undefined = opts.log === false ? undefined : createWriteStream(logFile);
  const relay = await createRelay({
    dataDir,
    port: opts.port ?? 0,
    ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
    ...(opts.webOrigins ? { webOrigins: opts.webOrigins } : {}),
    ...(opts.basemap ? { basemap: opts.basemap } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    logger: log ? { level: 'info', stream: log } : false,
    ...(opts.testHooks ? { testHooks: opts.testHooks } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.liveDays !== undefined ? { liveDays: opts.liveDays } : {}),
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await relay.close();
      if (log) await new Promise<void>((r) => log.end(() => r()));
    })();
    return stopped;
  };
  return {
    url: relay.url,
    root,
    dataDir,
    logFile,
    sweep: () => relay.sweep(),
    stop,
    async remove() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** One in-process relay for a test file: started before its tests, removed after. Read its fields inside a test. */
export function relayForFile(opts: RelayOptions = {}): TestRelay {
  let relay: TestRelay | undefined;
  beforeAll(async () => {
    relay = await startRelay(opts);
  });
  afterAll(async () => relay?.remove());
  const started = (): TestRelay => {
    if (!relay) throw new Error('relayForFile: the relay is started in beforeAll; read it inside a test or a hook');
    return relay;
  };
  return {
    get url() {
      return started().url;
    },
    get root() {
      return started().root;
    },
    get dataDir() {
      return started().dataDir;
    },
    get logFile() {
      return started().logFile;
    },
    sweep: () => started().sweep(),
    stop: () => started().stop(),
    remove: () => started().remove(),
  };
}
