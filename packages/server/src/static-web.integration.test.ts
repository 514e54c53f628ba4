import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './relay.ts';

let dir: string;
let relay: Relay;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-static-'));
  const web = join(dir, 'web');
  await mkdir(join(web, 'assets'), { recursive: true });
  await writeFile(join(web, 'index.html'), '<!doctype html><title>Entwine</title>');
  await writeFile(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(web, 'manifest.webmanifest'), '{}');
  await writeFile(join(dir, 'secret.txt'), 'outside the web root');
  relay = await createRelay({ dataDir: join(dir, 'data'), port: 0, logger: false, webRoot: web });
});
afterAll(async () => {
  await relay?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(relay.url + path);

/** A request with the path exactly as written: fetch would normalise `..` away before sending. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(relay.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the relay serves the web app', () => {
  it('serves the shell with a strict CSP, and it for app routes such as invite links', async () => {
    for (const path of ['/', '/i/AAAAAAAAAAAAAAAAAAAAAA', '/bonds']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>Entwine</title>');
    }
  });

  it('serves hashed assets as immutable and the manifest with its type', async () => {
    const js = await get('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await get('/manifest.webmanifest')).headers.get('content-type')).toContain('application/manifest+json');
  });

  it('never reads outside the web root, and missing files are 404', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/missing.js']) {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('outside the web root');
    }
  });

  it('keeps JSON 404s for unknown API paths', async () => {
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('ENTWINE_ERR_REQ_NOT_FOUND');
  });
});
