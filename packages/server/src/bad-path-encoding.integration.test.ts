// A path whose percent-encoding does not decode (`%E0%A4%A` is a cut-off UTF-8 sequence, `%zz` no hex at
// all, `%ED%A0%80` a lone surrogate) is the client's mistake: 400 ENTWINE_ERR_REQ_BAD_PATH in the usual
// `{code, message}` shape, on every kind of route, never a 500 and never the path echoed back. Before the
// fix, the router answered Fastify's own `FST_ERR_BAD_URL` body quoting the path, and the web app's
// `decodeURIComponent` had no guard of its own.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './relay.ts';

let dir: string;
let relay: Relay;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-bad-path-'));
  const web = join(dir, 'web');
  await mkdir(web, { recursive: true });
  await writeFile(join(web, 'index.html'), '<!doctype html><title>Entwine</title>');
  relay = await createRelay({
    dataDir: join(dir, 'data'),
    port: 0,
    webRoot: web,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
  });
});
afterAll(async () => {
  await relay?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The request with its path byte for byte (fetch would re-encode a stray `%`). */
function raw(method: string, path: string, body?: string): Promise<{ status: number; type: string; body: string }> {
  const { port } = new URL(relay.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const BROKEN = ['%E0%A4%A', '%zz', '%ED%A0%80', '%', '%C0%AF'];

const ROUTES: [method: string, path: (bad: string) => string, body?: string][] = [
  ['GET', (b) => `/i/${b}`], // an invite link: the web app's fallback route
  ['GET', (b) => `/assets/app-${b}.js`],
  ['GET', (b) => `/${b}`],
  ['GET', (b) => `/v1/invites/${b}`],
  ['POST', (b) => `/v1/invites/${b}/response`, '{"blob":"AA"}'],
  ['PUT', (b) => `/v1/users/${b}/devices`, '{}'],
  ['GET', (b) => `/v1/bonds/${b}/envelopes?after=0`],
  ['POST', (b) => `/v1/bonds/${b}/end`, '{}'],
  ['POST', (b) => `/v1/auth/challenge${b}`, '{}'],
  ['GET', (b) => `/v1/ws${b}`],
  ['GET', (b) => `/healthz${b}`],
];

describe('a path with a broken percent-encoding', () => {
  it('is 400 ENTWINE_ERR_REQ_BAD_PATH on every route, JSON, and does not repeat the path', async () => {
    for (const [method, path, body] of ROUTES) {
      for (const bad of BROKEN) {
        const res = await raw(method, path(bad), body);
        const where = `${method} ${path(bad)}`;
        expect(res.status, where).toBe(400);
        expect(res.type, where).toContain('application/json');
        const json = JSON.parse(res.body) as { code: string; message: string };
        expect(json, where).toEqual({ code: 'ENTWINE_ERR_REQ_BAD_PATH', message: expect.stringContaining('percent-encoding') });
        expect(res.body, where).not.toContain(path(bad));
      }
    }
  });

  it('leaves well-formed encodings alone: an encoded % is a path like any other', async () => {
    expect((await raw('GET', '/i/%25E0%25A4')).status).toBe(200); // the web app's shell
    expect((await raw('GET', '/v1/invites/%25zz')).status).toBe(401); // a real route, which wants a session
    expect((await raw('GET', '/healthz')).status).toBe(200);
  });

  it('never reaches the 500 path: no "request failed" line is logged', () => {
    expect(logs.filter((l) => l.includes('"request failed"') || l.includes('"status":500'))).toEqual([]);
  });
});
