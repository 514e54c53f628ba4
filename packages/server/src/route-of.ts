/**
 * A route from core's ROUTE_TABLE as a plugin registers it: the table's method, and the table's path under
 * the plugin's prefix, with the path parameters typed from the pattern — so the relay never writes a
 * route's method or path itself.
 */
import type { PathParams, RouteSpec } from '@entwine/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

export function routeOf(app: FastifyInstance, route: RouteSpec): { method: RouteSpec['method']; url: string } {
  if (!route.path.startsWith(app.prefix)) throw new Error(`${route.path}: expected a path under the plugin's prefix ${app.prefix}`);
  return { method: route.method, url: route.path.slice(app.prefix.length) || '/' };
}

type Generic<R extends RouteSpec, Q> = { Params: PathParams<R['path']>; Querystring: Q };

/** Registers `handler` for a table route in this plugin. */
export function serve<R extends RouteSpec, Q = Record<string, unknown>>(
  app: FastifyInstance,
  route: R,
  handler: (request: FastifyRequest<Generic<R, Q>>, reply: FastifyReply) => Promise<unknown>,
  options: { onRequest?: onRequestHookHandler; bodyLimit?: number } = {},
): void {
  app.route<Generic<R, Q>>({ ...routeOf(app, route), ...options, handler });
}
