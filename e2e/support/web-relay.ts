/**
 * A relay inside the test process that also serves the built web app (`webRoot`), with its SQLite data and
 * its log in a temp folder the test can scan afterwards; test hooks let a test play a malicious relay.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRelay, type TestHooks } from '@entwine/server';
import { WEB_E2E_DIST } from './build-web.ts';
import { tempDir } from './cli.ts';

/** The test build of the app (`build-web.ts`): the release plus the test hooks, such as the tick override. */
export const WEB_ROOT = WEB_E2E_DIST;

export interface WebRelay {
  url: string;
  root: string;
  dataDir: string;
  logFile: string;
  /** Stops the relay (and flushes its log); the folder stays until `remove`. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function startWebRelay(
  opts: {
    testHooks?: TestHooks;
    tag?: string;
    /** The built app to serve at `/` (default WEB_ROOT); false: the API only. */
    webRoot?: string | false;
    /** Origins of an app served elsewhere that may call the API (CORS). */
    webOrigins?: string[];
    /** A street map for the relay to serve (`entwine start --basemap FILE`): a .pmtiles or .mbtiles file. */
    basemap?: string;
    /** A fixed loopback port (default: any free one). A saved browser profile only opens on its own origin. */
    port?: number;
    /** A data folder to use instead of a fresh one in the temp folder (a saved relay, copied by the test). */
    dataDir?: string;
  } = {},
): Promise<WebRelay> {
  const root = await tempDir(opts.tag ?? 'web');
  const dataDir = opts.dataDir ?? join(root, 'data');
  const logFile = join(root, 'relay.log');
  const log = createWriteStream(logFile);
  const relay = await createRelay({
    dataDir,
    port: opts.port ?? 0,
    ...(opts.webRoot !== false ? { webRoot: opts.webRoot ?? WEB_ROOT } : {}),
    ...(opts.webOrigins ? { webOrigins: opts.webOrigins } : {}),
    ...(opts.basemap ? { basemap: opts.basemap } : {}),
    logger: { level: 'info', stream: log },
    ...(opts.testHooks ? { testHooks: opts.testHooks } : {}),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await relay.close();
    await new Promise<void>((r) => log.end(() => r()));
  };
  return {
    url: relay.url,
    root,
    dataDir,
    logFile,
    stop,
    async remove() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
