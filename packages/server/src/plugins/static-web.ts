/**
 * The web app, served by the relay from a directory of built files (the Vite output). Guarantees:
 * - only files inside `webRoot` are ever read (no path outside it, however the URL is spelled);
 * - any GET that is not an API path and names no file gets `index.html`, so `/i/<inviteId>#…` links and
 *   app routes open the app (the invite secret stays in the fragment, which no request carries);
 * - API paths (`/v1/…`, `/healthz`) that match no route keep their JSON 404;
 * - every page gets a strict Content-Security-Policy (same-origin scripts, no inline script, no framing)
 *   and `Referrer-Policy: no-referrer`; hashed assets are cached for a year, the shell is revalidated.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { EntwineError } from '@entwine/core';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { API_PATH } from '../api-path.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // MapLibre sets inline styles on its canvas and controls.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  // Same-origin HTTP and WebSocket; map tiles may come from a configured https style.
  "connect-src 'self' ws: wss: https:",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** The URL's path, percent-decoded; a broken encoding is the client's 400, never a 500. */
function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    throw new EntwineError('ENTWINE_ERR_REQ_BAD_PATH');
  }
}

export interface StaticWebOptions {
  webRoot: string;
}

export const staticWebPlugin: FastifyPluginAsync<StaticWebOptions> = async (app, { webRoot }) => {
  const root = resolve(webRoot);
  const index = join(root, 'index.html');

  async function send(reply: FastifyReply, file: string, immutable: boolean) {
    const body = await readFile(file);
    return reply
      .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  }

  app.get('/*', async (request, reply) => {
    const path = decodedPath(request.url);
    if (API_PATH.test(path)) throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    const candidate = normalize(join(root, path));
    if (candidate !== root && !candidate.startsWith(root + sep)) throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return send(reply, candidate, candidate.startsWith(join(root, 'assets') + sep));
    // A path with an extension that is not there is a missing file, not an app route.
    if (extname(path) !== '') throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    return send(reply, index, false);
  });
};
