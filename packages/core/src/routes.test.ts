// The route table is the one place a route's method, path and schemas are written: the concrete paths
// built from it are the relay's documented paths, and a missing path parameter is an error, not "undefined".
import { describe, expect, it } from 'vitest';
import { pathTo, ROUTE_TABLE, ROUTES } from './routes.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('ROUTE_TABLE', () => {
  it('builds the documented paths', () => {
    expect(ROUTES.devices(ID)).toBe(`/v1/users/${ID}/devices`);
    expect(ROUTES.invite(ID)).toBe(`/v1/invites/${ID}`);
    expect(ROUTES.inviteReveal(ID)).toBe(`/v1/invites/${ID}/reveal`);
    expect(ROUTES.bondKeys(ID)).toBe(`/v1/bonds/${ID}/keys`);
    expect(ROUTES.bondEnvelopes(ID, 5n, 10)).toBe(`/v1/bonds/${ID}/envelopes?after=5&limit=10`);
    expect(ROUTES.bondRead(ID)).toBe(`/v1/bonds/${ID}/read`);
    expect(ROUTES.bondRetention(ID)).toBe(`/v1/bonds/${ID}/retention`);
    expect(ROUTES.trail(ID, 20_000, 20_006)).toBe(`/v1/trail/${ID}?from=20000&to=20006`);
    expect([ROUTES.chunks, ROUTES.vaultKeys]).toEqual(['/v1/chunks', '/v1/vault/keys']);
    expect([ROUTES.challenge, ROUTES.session, ROUTES.envelopes, ROUTES.ws, ROUTES.health]).toEqual([
      '/v1/auth/challenge',
      '/v1/auth/session',
      '/v1/envelopes',
      '/v1/ws',
      '/healthz',
    ]);
  });

  it('names every (method, path) once', () => {
    const keys = Object.values(ROUTE_TABLE).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses to build a path without its parameter', () => {
    expect(() => pathTo(ROUTE_TABLE.bondEnd.path, {} as { bondId: string })).toThrow('/v1/bonds/:bondId/end: expected a value for :bondId');
  });
});
