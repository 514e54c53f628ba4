/**
 * The street map, served by the relay itself so the web app draws streets without asking any other host.
 * - `GET /v1/basemap`: what is served (core `basemapInfoSchema`), or 404 ENTWINE_ERR_BASEMAP_NONE;
 * - PMTiles: `GET|HEAD /basemap/archive.pmtiles` by byte ranges (range-request.ts), streamed from the file
 *   handle opened at start-up, never read whole into memory;
 * - MBTiles: `GET|HEAD /basemap/tiles/:z/:x/:y.mvt`, the stored bytes as they are, with `Content-Encoding:
 *   gzip` when they are gzipped (told by their magic bytes) and the client takes gzip; a tile the file does
 *   not have is 204 No Content, which MapLibre draws as an empty tile (a 404 would be logged as an error in
 *   the browser for every empty sea or desert tile).
 * Nothing here logs which range or tile was asked: the relay's one line per request carries the route
 * pattern only (relay.ts), so the operator keeps no record of where people look.
 *
 * Caching: `public, max-age=86400, must-revalidate, no-transform`. A day, because the file changes only when
 * the operator replaces it and restarts, and every request a browser's cache answers is one fewer request
 * showing the relay which area someone looks at; must-revalidate, so that after the day a copy is checked
 * (a cheap 304 by ETag) rather than used stale; no-transform, so no proxy recompresses bytes that ranges
 * address. The strong ETag is the file's version, so a replaced file is fetched anew, and the `pmtiles`
 * reader, which compares ETags across its requests, drops parts it cached from the old file.
 */
import { gunzipSync } from 'node:zlib';
import { EntwineError, ROUTE_TABLE, ROUTES } from '@entwine/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { serve } from '../route-of.ts';
import type { Basemap, MbtilesBasemap, PmtilesBasemap } from './basemap.ts';
import { decideRange, ifNoneMatchHolds } from './range-request.ts';
import { rangeStream } from './range-stream.ts';

export const BASEMAP_CACHE_CONTROL = 'public, max-age=86400, must-revalidate, no-transform';
const PMTILES_TYPE = 'application/vnd.pmtiles';
const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

export interface BasemapPluginOptions {
  basemap: Basemap | undefined;
}

function validators(reply: FastifyReply, basemap: Basemap, etag = basemap.etag): void {
  reply
    .header('etag', etag)
    .header('last-modified', basemap.lastModified.toUTCString())
    .header('cache-control', BASEMAP_CACHE_CONTROL)
    .header('x-content-type-options', 'nosniff');
}

/** A header Node may hand as a list (one it does not know to join): the first value. */
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function archiveRoute(basemap: PmtilesBasemap) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const h = request.headers;
    const decision = decideRange(
      {
        range: h.range,
        'if-range': one(h['if-range']),
        'if-none-match': h['if-none-match'],
        'if-modified-since': h['if-modified-since'],
      },
      { size: basemap.size, etag: basemap.etag, lastModified: basemap.lastModified },
    );
    reply.header('accept-ranges', 'bytes');
    if (decision.status === 416) {
      // The catalogue's one error path writes the body; the header set here stays on the reply.
      reply.header('content-range', `bytes */${basemap.size}`);
      throw new EntwineError('ENTWINE_ERR_REQ_BAD_RANGE');
    }
    validators(reply, basemap);
    if (decision.status === 304) return reply.code(304).send();
    const length = decision.end - decision.start + 1;
    reply.code(decision.status).header('content-type', PMTILES_TYPE).header('content-length', String(length));
    if (decision.status === 206) reply.header('content-range', `bytes ${decision.start}-${decision.end}/${basemap.size}`);
    if (request.method === 'HEAD') return reply.send();
    // Read at its own positions through the relay's one handle; a client that leaves mid-range (a map pan)
    // stops the read and never closes the handle (range-stream.ts).
    return reply.send(rangeStream(basemap.handle, decision.start, decision.end));
  };
}

/** Whether the client takes gzip (RFC 9110 §12.5.3: `gzip` or `*`, with a non-zero q). */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== 'x-gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const TILE_PARAM = /^\d{1,10}$/;

function tileRoute(basemap: MbtilesBasemap) {
  return async (request: FastifyRequest<{ Params: { z: string; x: string; y: string } }>, reply: FastifyReply) => {
    const { z: zs, x: xs, y: ys } = request.params;
    if (!TILE_PARAM.test(zs) || !TILE_PARAM.test(xs) || !TILE_PARAM.test(ys)) throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    const [z, x, y] = [Number(zs), Number(xs), Number(ys)];
    if (z > 30 || x >= 2 ** z || y >= 2 ** z) throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    const stored = basemap.tile(z, x, y);
    const gzip = stored !== undefined && isGzip(stored) && acceptsGzip(request.headers['accept-encoding']);
    // One ETag per encoding sent: a cache must not answer a gzip-less client with the gzipped bytes.
    const etag = gzip ? `"${basemap.info.version}-gzip"` : basemap.etag;
    reply.header('vary', 'accept-encoding');
    validators(reply, basemap, etag);
    const inm = request.headers['if-none-match'];
    if (inm !== undefined && ifNoneMatchHolds(inm, etag)) return reply.code(304).send();
    if (stored === undefined) return reply.code(204).send();
    const body = gzip || !isGzip(stored) ? stored : gunzipSync(stored);
    reply.header('content-type', MVT_TYPE).header('content-length', String(body.length));
    if (gzip) reply.header('content-encoding', 'gzip');
    return request.method === 'HEAD' ? reply.send() : reply.send(body);
  };
}

export const basemapPlugin: FastifyPluginAsync<BasemapPluginOptions> = async (app, { basemap }) => {
  serve(app, ROUTE_TABLE.basemap, async (_request, reply) => {
    if (!basemap) throw new EntwineError('ENTWINE_ERR_BASEMAP_NONE');
    // Checked on every start; no-cache so a restarted relay's new version is seen at once.
    reply.header('cache-control', 'no-cache');
    return basemap.info;
  });
  if (basemap?.format === 'pmtiles') app.route({ method: ['GET', 'HEAD'], url: ROUTES.basemapArchive, handler: archiveRoute(basemap) });
  if (basemap?.format === 'mbtiles') {
    // The core template `{z}/{x}/{y}` as Fastify parameters `:z/:x/:y`.
    app.route({ method: ['GET', 'HEAD'], url: ROUTES.basemapTiles.replace(/\{(\w)\}/g, ':$1'), handler: tileRoute(basemap) });
  }
};
