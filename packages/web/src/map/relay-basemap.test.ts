// Reading the relay's `GET /v1/basemap`: a description checked against the core schema, "none" only from
// the relay's own ENTWINE_ERR_BASEMAP_NONE, and "unknown" for everything else (offline, other errors, a
// body that points off the relay) — the case in which the app must neither ask nor draw a third party.
import { describe, expect, it } from 'vitest';
import { fetchRelayBasemap } from './relay-basemap.ts';

const ORIGIN = 'https://relay.test';
const good = {
  format: 'mbtiles',
  tiles: ['/basemap/tiles/{z}/{x}/{y}.mvt'],
  minzoom: 0,
  maxzoom: 14,
  bounds: [6.1, 46.1, 6.3, 46.3],
  attribution: '© OpenStreetMap',
  name: 'Geneva',
  version: '123-456',
};

function answer(status: number, body: unknown): typeof fetch {
  return (async (url: string | URL | Request) => {
    expect(String(url)).toBe(`${ORIGIN}/v1/basemap`);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

describe('fetchRelayBasemap', () => {
  it('returns the relay’s description', async () => {
    expect(await fetchRelayBasemap(ORIGIN, answer(200, good))).toEqual({ kind: 'available', info: good, origin: ORIGIN });
  });

  it('says none only on the relay’s own "no basemap" error', async () => {
    expect(await fetchRelayBasemap(ORIGIN, answer(404, { code: 'ENTWINE_ERR_BASEMAP_NONE', message: 'x' }))).toEqual({ kind: 'none' });
    expect(await fetchRelayBasemap(ORIGIN, answer(404, { code: 'ENTWINE_ERR_REQ_NOT_FOUND', message: 'x' }))).toEqual({ kind: 'unknown' });
    expect(await fetchRelayBasemap(ORIGIN, answer(500, {}))).toEqual({ kind: 'unknown' });
  });

  it('refuses a description whose tiles are on another host', async () => {
    const elsewhere = { ...good, tiles: ['https://tiles.example/{z}/{x}/{y}.mvt'] };
    expect(await fetchRelayBasemap(ORIGIN, answer(200, elsewhere))).toEqual({ kind: 'unknown' });
    const protocolRelative = { ...good, tiles: ['//tiles.example/{z}/{x}/{y}.mvt'] };
    expect(await fetchRelayBasemap(ORIGIN, answer(200, protocolRelative))).toEqual({ kind: 'unknown' });
  });

  it('reports an unreachable relay as unknown, never throwing', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await fetchRelayBasemap(ORIGIN, offline)).toEqual({ kind: 'unknown' });
  });
});
