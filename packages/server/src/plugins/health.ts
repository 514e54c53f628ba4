/** `GET /healthz`: the process is up and serving. It touches no data, so it is safe to poll. */
import type { FastifyPluginAsync } from 'fastify';
import type { PluginOptions } from '../relay-state.ts';

export const healthPlugin: FastifyPluginAsync<PluginOptions> = async (app) => {
  app.get('/healthz', async () => ({ ok: true }));
};
