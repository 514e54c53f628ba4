// CORS for a web app served from another origin (`webOrigins`, `entwine start --web-origin`): only the
// listed origins, only API paths, never credentials; a relay with none listed sends no CORS header at all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './relay.ts';

const APP = 'https://app.example.org';
let dir: string;
let relay: Relay;
let plain: Relay;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-cors-'));
  relay = await createRelay({ dataDir: join(dir, 'a'), port: 0, logger: false, webOrigins: [`${APP}/`] });
  plain = await createRelay({ dataDir: join(dir, 'b'), port: 0, logger: false });
});
afterAll(async () => {
  await relay?.close();
  await plain?.close();
  await rm(dir, { recursive: true, force: true });
});

const preflight = (base: string, origin: string, path = '/v1/auth/challenge') =>
  fetch(base + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('CORS for a separately served web app', () => {
  it('answers a listed origin’s preflight, without credentials', async () => {
    const res = await preflight(relay.url, APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await fetch(`${relay.url}/healthz`, { headers: { origin: APP } });
    expect(get.headers.get('access-control-allow-origin')).toBe(APP);
    expect(get.headers.get('vary')).toContain('origin');
    // Refusals keep the header, so the page can read the catalogue error.
    const missing = await fetch(`${relay.url}/v1/nothing-here`, { headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives nothing to another origin, to non-API paths, or on a relay with none listed', async () => {
    for (const res of [
      await preflight(relay.url, 'https://evil.example'),
      await preflight(relay.url, 'http://app.example.org'), // another scheme is another origin
      await preflight(relay.url, APP, '/index.html'),
      await preflight(plain.url, APP),
    ]) {
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.status).not.toBe(204);
    }
  });
});
