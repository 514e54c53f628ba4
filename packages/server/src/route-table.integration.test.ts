// The relay serves every route of core's ROUTE_TABLE at the table's method and path (its plugins register
// them from the table, `route-of.ts`): none of them answers "nothing at this address", and the same path
// with a method the table does not list does.
import { pathTo, ROUTE_TABLE, type RouteSpec } from '@entwine/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(async () => t.close());

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const concrete = (r: RouteSpec) => pathTo(r.path, { userId: ID, inviteId: ID, bondId: ID, ownerId: ID, dropId: ID } as never);

describe('the relay serves the route table', () => {
  for (const [name, route] of Object.entries(ROUTE_TABLE) as [string, RouteSpec][]) {
    it(`${name}: ${route.method} ${route.path}`, async () => {
      const reply = await http(t.url, route.method, concrete(route), route.method === 'GET' ? {} : { json: {} });
      const notFound = reply.json?.code === 'ENTWINE_ERR_REQ_NOT_FOUND';
      // `/v1/ws` answers a plain GET with a 404 that says it takes an upgrade.
      if (name === 'ws') expect(reply.json?.message).toContain('WebSocket upgrade');
      else expect(notFound ? `${reply.status} ${reply.json?.message}` : 'found').toBe('found');
    });
  }

  it('answers a method the table does not list for a path with "nothing at this address"', async () => {
    const listed = new Set(Object.values(ROUTE_TABLE).map((r) => `${r.method} ${r.path}`));
    for (const route of Object.values(ROUTE_TABLE) as RouteSpec[]) {
      if (!listed.has(`PUT ${route.path}`)) {
        const reply = await http(t.url, 'PUT', concrete(route), { json: {} });
        expect([route.path, reply.status]).toEqual([route.path, 404]);
      }
    }
  });
});
