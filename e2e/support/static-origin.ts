/**
 * A tiny static web server on its own loopback port: the web app's files served from an origin that is not
 * the relay's, as a static host (a CDN, GitHub Pages, a friend's server) would. Any path without an
 * extension gets `index.html` (app routes, invite links); every answer carries the CSP given.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticOrigin {
  url: string;
  /** Paths requested so far (to show what came from where). */
  requests: string[];
  /** The CSP sent with every answer; set it once the relay's address is known. */
  csp: string;
  close(): Promise<void>;
}

export async function startStaticOrigin(dir: string): Promise<StaticOrigin> {
  const root = resolve(dir);
  const origin: StaticOrigin = { url: '', requests: [], csp: "default-src 'self'", close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?', 1)[0] ?? '/');
      origin.requests.push(path);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) file = root;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        if (extname(path) !== '') {
          res.writeHead(404).end();
          return;
        }
        file = join(root, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'content-security-policy': origin.csp,
      });
      res.end(body);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return origin;
}
