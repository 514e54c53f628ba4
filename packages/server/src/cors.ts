/**
 * Cross-origin access to the API for a web app served from another origin (`webOrigins`, from
 * `entwine start --web-origin URL`). Guarantees:
 * - only the listed origins get `Access-Control-Allow-Origin`, and only on API paths (`/v1/…`, `/healthz`)
 *   and the street map (`/basemap/…`: GET and HEAD, the `Range` request header allowed, and `Content-Range`,
 *   `ETag`, `Content-Length` and `Accept-Ranges` readable, which the `pmtiles` reader checks);
 * - no credentials are ever allowed (the API takes bearer tokens in a header, never cookies);
 * - a preflight (`OPTIONS` with `Access-Control-Request-Method`) from a listed origin is answered 204 before
 *   routing; from any other origin it gets no CORS headers, so the browser refuses the real request.
 * WebSocket upgrades carry no CORS; the socket's sign-in is what protects it, as for any client.
 */
import type { FastifyInstance } from 'fastify';
import { API_PATH } from './api-path.ts';

const METHODS = 'GET, POST, PUT, DELETE';
const HEADERS = 'authorization, content-type';
const BASEMAP_PATH = /^\/basemap\//;
const BASEMAP_METHODS = 'GET, HEAD';
const BASEMAP_HEADERS = 'range';
const BASEMAP_EXPOSED = 'content-range, etag, content-length, accept-ranges, last-modified';

export function installCors(app: FastifyInstance, webOrigins: readonly string[]): void {
  // Compared the way browsers send them: scheme://host[:port], no path, no trailing slash.
  const allowed = new Set(webOrigins.map((o) => new URL(o).origin));
  if (allowed.size === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const path = request.url.split('?', 1)[0] ?? '';
    const basemap = BASEMAP_PATH.test(path);
    if (!origin || !allowed.has(origin) || !(basemap || API_PATH.test(path))) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    if (basemap) reply.header('access-control-expose-headers', BASEMAP_EXPOSED);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      await reply
        .code(204)
        .header('access-control-allow-methods', basemap ? BASEMAP_METHODS : METHODS)
        .header('access-control-allow-headers', basemap ? BASEMAP_HEADERS : HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
