/** `entwine start`: runs the relay (the embedded SQLite default) and prints its URL. */
import { resolve } from 'node:path';
import { type CommandContext, DEFAULT_PORT } from '../context.ts';

export async function start(
  ctx: CommandContext,
  opts: { port?: string; data?: string; host?: string; tlsCert?: string; tlsKey?: string; publicUrl?: string },
) {
  // Loaded here, not at the top: the client commands never pay for Fastify and SQLite.
  const { startRelayFromCli } = await import('@entwine/server');
  const url = await startRelayFromCli({
    port: opts.port === undefined ? DEFAULT_PORT : Number(opts.port),
    dataDir: resolve(opts.data ?? 'data'),
    host: opts.host ?? '127.0.0.1',
    tlsCert: opts.tlsCert,
    tlsKey: opts.tlsKey,
    // Sign-in signatures are bound to this origin; set it when the relay sits behind a proxy or a name.
    publicOrigin: opts.publicUrl ? new URL(opts.publicUrl).origin : undefined,
  });
  ctx.out(`Entwine relay listening on ${url}`);
  ctx.out(`data: ${resolve(opts.data ?? 'data')}`);
}
