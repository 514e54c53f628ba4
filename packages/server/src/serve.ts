/**
 * What `entwine start` runs: a relay on a data directory, closed cleanly on SIGINT/SIGTERM (sockets
 * closed, the group-commit queue committed, the database closed) before the process exits. It prints
 * nothing itself — the caller prints the URL and basemap it returns; logs go to stderr at `logLevel` (default
 * warn). A basemap that cannot be served rejects with a BasemapFileError before anything listens.
 */
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import type { BasemapSummary } from './basemap/basemap.ts';
import { createRelay, type Relay } from './relay.ts';
import { DEFAULT_LIVE_DAYS } from './relay-options.ts';

export interface CliRelayOptions {
  port?: number;
  dataDir: string;
  host?: string;
  /** Paths of a PEM certificate and key; both or neither. */
  tlsCert?: string;
  tlsKey?: string;
  publicOrigin?: string;
  logLevel?: string;
  webRoot?: string;
  /** Origins of a web app served from elsewhere that may call the API (CORS). */
  webOrigins?: string[];
  /** `createRelay`'s `trustProxy`: which proxies' `X-Forwarded-For` names the client. */
  trustProxy?: boolean | string[];
  /** A PMTiles or MBTiles street map to serve (`createRelay`'s `basemap`). */
  basemap?: string;
  /** `createRelay`'s `liveDays`: the live window (default 7). */
  liveDays?: number;
}

export interface CliRelay {
  url: string;
  basemap: BasemapSummary | undefined;
  /** The live window in days, as applied. */
  liveDays: number;
}

export async function startRelayFromCli(options: CliRelayOptions): Promise<CliRelay> {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) {
    throw new TypeError('startRelayFromCli: expected both tlsCert and tlsKey, or neither');
  }
  const tls =
    options.tlsCert && options.tlsKey ? { cert: await readFile(options.tlsCert), key: await readFile(options.tlsKey) } : undefined;
  const relay: Relay = await createRelay({
    dataDir: options.dataDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8080,
    tls,
    publicOrigin: options.publicOrigin,
    webRoot: options.webRoot,
    webOrigins: options.webOrigins,
    basemap: options.basemap,
    liveDays: options.liveDays,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    logger: { level: options.logLevel ?? 'warn', stream: pino.destination(2) },
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    relay.close().then(
      () => process.exit(0),
      () => process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url: relay.url, basemap: relay.basemap, liveDays: options.liveDays ?? DEFAULT_LIVE_DAYS };
}
