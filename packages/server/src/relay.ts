/**
 * `createRelay`: builds the blind relay (DESIGN §8) from its plugins around one shared `RelayState`,
 * and starts listening. Guarantees:
 * - every refusal is `{code, message}` JSON with the catalogue status (`error-reply.ts`);
 * - one log line per HTTP request with method, route pattern, status and duration only — no IPs, no
 *   bodies, no tokens, no query strings (`logger.ts`; Fastify's own request logging is off);
 * - `close()` stops accepting, closes every socket, commits anything queued, then closes the store
 *   (only a store the relay opened itself) and the basemap file;
 * - a basemap that cannot be served stops start-up before anything is opened or listens.
 */
import type { AddressInfo } from 'node:net';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Basemap, BasemapSummary } from './basemap/basemap.ts';
import { basemapPlugin } from './basemap/basemap-plugin.ts';
import { openBasemap } from './basemap/open-basemap.ts';
import { installCors } from './cors.ts';
import { badUrlReply, installErrorReplies } from './error-reply.ts';
import { LocalBus } from './local-bus.ts';
import { createRelayLogger } from './logger.ts';
import { installOversizeDrain } from './oversize-body.ts';
import { authPlugin } from './plugins/auth.ts';
import { bondsPlugin } from './plugins/bonds.ts';
import { devicesPlugin } from './plugins/devices.ts';
import { dropsPlugin } from './plugins/drops.ts';
import { envelopesPlugin } from './plugins/envelopes.ts';
import { healthPlugin } from './plugins/health.ts';
import { pairingPlugin } from './plugins/pairing.ts';
import { realtimePlugin } from './plugins/realtime.ts';
import { staticWebPlugin } from './plugins/static-web.ts';
import { trailPlugin } from './plugins/trail.ts';
import { RateLimiter } from './rate-limiter.ts';
import { liveWindowMs, type RelayOptions, resolveLimits } from './relay-options.ts';
import type { RelayState } from './relay-state.ts';
import { requestLimiters, sweepRequestLimiters } from './request-limits.ts';
import { SqliteStore } from './store/sqlite-store.ts';

export interface Relay {
  app: FastifyInstance;
  /** Where the relay listens, e.g. `http://127.0.0.1:43117`. */
  url: string;
  /** The street map served, or undefined for none. */
  basemap: BasemapSummary | undefined;
  /**
   * Runs the periodic sweep now (it also runs every minute): expired sessions and nonces, live envelopes past
   * the live window, chunks past their retention. Tests call it after moving their clock.
   */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const limits = resolveLimits(options.limits);
  const liveWindow = liveWindowMs(options.liveDays);
  const log = createRelayLogger(options.logger);
  if (!options.store && !options.dataDir) throw new TypeError('createRelay: expected dataDir or store, got neither');
  // First, so a file that cannot be served stops start-up before a store is opened.
  const basemap: Basemap | undefined = options.basemap === undefined ? undefined : await openBasemap(options.basemap);
  let store: RelayState['store'];
  try {
    store = options.store ?? new SqliteStore({ dataDir: options.dataDir as string, ...(options.clock ? { clock: options.clock } : {}) });
  } catch (error) {
    await basemap?.close();
    throw error;
  }
  const bus = options.bus ?? new LocalBus((error) => log.error({ err: error }, 'bus listener failed'));
  const scheme = options.tls ? 'https' : 'http';
  // Normalised the way clients write it (no trailing slash, default port dropped).
  const publicOrigin = options.publicOrigin && new URL(options.publicOrigin).origin;
  const relay: RelayState = {
    store,
    bus,
    ed: await detectEd25519(),
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom(),
    limits,
    hooks: options.testHooks,
    log,
    rate: new RateLimiter(limits.envelopesPerSecond, limits.envelopeBurst),
    chunkRate: new RateLimiter(limits.chunksPerMinute / 60, limits.chunkBurst),
    liveWindowMs: liveWindow,
    requestRate: requestLimiters(limits),
    originFor: (host) => publicOrigin ?? `${scheme}://${host ?? ''}`,
  };

  const common = {
    loggerInstance: log,
    // Fastify's own request lines carry the URL and the peer address; our onResponse line replaces them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.maxBodyBytes,
    return503OnClosing: true,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    // A path whose percent-encoding does not decode is refused by the router before any hook runs; this
    // makes that refusal the catalogue's 400 (without echoing the path) instead of Fastify's own body.
    frameworkErrors: badUrlReply,
  };
  const app = (options.tls
    ? Fastify({ ...common, https: { cert: options.tls.cert, key: options.tls.key } })
    : Fastify(common)) as unknown as FastifyInstance;

  app.decorateRequest('sender', null);
  installErrorReplies(app);
  installOversizeDrain(app, limits.maxBodyBytes, limits.drainOversizeBytes);
  installCors(app, options.webOrigins ?? []);
  // JSON routes take JSON only: a text/plain body is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  const runSweep = async (): Promise<void> => {
    const now = relay.clock.now();
    relay.rate.sweep(now);
    relay.chunkRate.sweep(now);
    sweepRequestLimiters(relay.requestRate, now);
    const report = await store.sweep(now, { liveWindowMs: liveWindow });
    if (report.envelopesExpired + report.chunksExpired > 0) log.info(report, 'sweep deleted');
  };
  const sweep = setInterval(() => {
    runSweep().catch((error: unknown) => log.error({ err: error }, 'sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const host = options.host ?? '127.0.0.1';
  const release = async () => {
    clearInterval(sweep);
    if (!options.bus) await bus.close();
    if (!options.store) await store.close();
    await basemap?.close();
  };
  try {
    await app.register(healthPlugin, { relay });
    await app.register(authPlugin, { prefix: '/v1/auth', relay });
    await app.register(devicesPlugin, { prefix: '/v1/users', relay });
    await app.register(pairingPlugin, { prefix: '/v1', relay });
    await app.register(bondsPlugin, { prefix: '/v1/bonds', relay });
    await app.register(envelopesPlugin, { prefix: '/v1', relay });
    await app.register(trailPlugin, { prefix: '/v1', relay });
    await app.register(dropsPlugin, { prefix: '/v1/drops', relay });
    await app.register(realtimePlugin, { relay });
    await app.register(basemapPlugin, { basemap });
    if (options.webRoot) await app.register(staticWebPlugin, { webRoot: options.webRoot });
    await app.listen({ host, port: options.port ?? 0, listenTextResolver: () => 'relay listening' });
  } catch (error) {
    await app.close();
    await release();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `${scheme}://${urlHost(host)}:${port}`,
    basemap: basemap && { path: basemap.path, format: basemap.format, summary: basemap.summary, warnings: basemap.warnings },
    sweep: runSweep,
    close() {
      closing ??= app.close().then(release);
      return closing;
    },
  };
}
