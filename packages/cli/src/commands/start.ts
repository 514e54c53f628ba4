/**
 * `entwine start`: runs the relay (the embedded SQLite default) and the web app, and prints the URL and the
 * street map it serves. A `--basemap` file that cannot be served stops it with one line saying why, before
 * anything listens (exit 1).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CommandContext, DEFAULT_PORT, UsageError } from '../context.ts';
import { webReleaseBuild } from '../web-release-build.ts';

export async function start(
  ctx: CommandContext,
  opts: {
    port?: string;
    data?: string;
    host?: string;
    tlsCert?: string;
    tlsKey?: string;
    publicUrl?: string;
    web?: string;
    /** Serve the API only: the web app comes from elsewhere (a static origin, `webOrigins`). */
    noWeb?: boolean;
    webOrigins?: string[];
    trustProxy?: string;
    /** A PMTiles or MBTiles street map (Protomaps basemap schema) to serve to the web app. */
    basemap?: string;
    /** Days a live envelope waits for a device that has not read it (default 7, decision 0014 §1). */
    liveDays?: string;
  },
) {
  if (opts.liveDays !== undefined && !/^[1-9]\d{0,3}$/.test(opts.liveDays)) {
    throw new UsageError(`--live-days: expected a whole number of days from 1 to 9999, got ${opts.liveDays}`);
  }
  const webRoot = resolve(opts.web ?? webReleaseBuild());
  const hasWeb = !opts.noWeb && existsSync(resolve(webRoot, 'index.html'));
  const webOrigins = (opts.webOrigins ?? []).map((o) => {
    try {
      return new URL(o).origin;
    } catch {
      throw new UsageError(`--web-origin: expected an origin such as https://app.example, got ${o}`);
    }
  });
  // Loaded here, not at the top: the client commands never pay for Fastify and SQLite.
  const { BasemapFileError, startRelayFromCli } = await import('@entwine/server');
  const started = await startRelayFromCli({
    port: opts.port === undefined ? DEFAULT_PORT : Number(opts.port),
    dataDir: resolve(opts.data ?? 'data'),
    host: opts.host ?? '127.0.0.1',
    tlsCert: opts.tlsCert,
    tlsKey: opts.tlsKey,
    // Sign-in signatures are bound to this origin; set it when the relay sits behind a proxy or a name.
    publicOrigin: opts.publicUrl ? new URL(opts.publicUrl).origin : undefined,
    webRoot: hasWeb ? webRoot : undefined,
    webOrigins,
    // Only the registration rate limit reads the client address (docs/operations.md).
    trustProxy: opts.trustProxy === undefined ? undefined : opts.trustProxy === 'true' ? true : opts.trustProxy.split(','),
    basemap: opts.basemap === undefined ? undefined : resolve(opts.basemap),
    liveDays: opts.liveDays === undefined ? undefined : Number(opts.liveDays),
  }).catch((error: unknown) => {
    if (error instanceof BasemapFileError) throw new UsageError(error.message);
    throw error;
  });
  const { url, basemap } = started;
  ctx.out(`Entwine relay listening on ${url}`);
  ctx.out(`data: ${resolve(opts.data ?? 'data')}`);
  ctx.out(`live updates kept: until every device read them, at most ${started.liveDays} days`);
  if (opts.noWeb) ctx.out('web app: not served here (--no-web); the API is on /v1');
  else ctx.out(hasWeb ? `web app: ${url}/` : `web app: not built (${webRoot}); run: npm run build -w @entwine/web`);
  for (const o of webOrigins) ctx.out(`web app allowed from: ${o}`);
  ctx.out(`basemap: ${basemap ? basemap.summary : 'none (the map offers outlines or OpenStreetMap; see docs/operations.md)'}`);
  for (const w of basemap?.warnings ?? []) ctx.out(`basemap warning: ${w}`);
}
