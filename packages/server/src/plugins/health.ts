/** `GET /healthz`: the process is up and serving. It touches no data, so it is safe to poll. */
import { ROUTE_TABLE } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import type { PluginOptions } from '../relay-state.ts';
import { serve } from '../route-of.ts';

export const healthPlugin: FastifyPluginAsync<PluginOptions> = async (app) => {
  serve(app, ROUTE_TABLE.health, async () => ({ ok: true }));
};
