// App drops (decision 0019; issue 15): an app that seals its own payloads (OwnTracks' encrypted mode) posts
// straight to the relay with its drop's token; only the drop's person collects and acknowledges. A readable
// payload is refused and nothing of it is kept or logged.
import { createHash, randomBytes } from 'node:crypto';
import { ROUTES, toBase64url } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { dbBytes } from './test-support/db-bytes.ts';
import { signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { http } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import type { TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
let t: TestRelay;

const newDrop = () => ({ dropId: toBase64url(randomBytes(16)), token: randomBytes(32).toString('base64url') });
const hashOf = (token: string) => toBase64url(createHash('sha256').update(token).digest());
const sealed = () => ({ _type: 'encrypted', data: randomBytes(200).toString('base64') });

/** What OwnTracks sends: JSON with HTTP basic auth (its user name is anything). */
async function appPost(dropId: string, token: string, body: unknown) {
  const res = await fetch(`${t.url}${ROUTES.drop(dropId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`phone:${token}`).toString('base64')}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function people(options: Parameters<typeof relays.start>[0] = {}) {
  t = await relays.start(options);
  const alice = await signedUp(t.url, await makePerson('Alice', 2));
  const bob = await signedUp(t.url, await makePerson('Bob'));
  return { alice, bob };
}

const put = (token: string, dropId: string, tokenHash: string) => http(t.url, 'PUT', ROUTES.drop(dropId), { token, json: { tokenHash } });
const posts = (token: string, dropId: string, after = 0, limit = 100) =>
  http(t.url, 'GET', ROUTES.dropPosts(dropId, after, limit), { token });

describe('app drops', () => {
  it('the app posts sealed payloads with its token; only its person reads and acknowledges them', async () => {
    const { alice, bob } = await people();
    const d = newDrop();
    expect(await put(alice.token, d.dropId, hashOf(d.token))).toMatchObject({ status: 200, json: { status: 'created' } });
    expect(await put(bob.token, d.dropId, hashOf('x'))).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_DROP_TAKEN' } });

    const bodies = [sealed(), sealed(), sealed()];
    for (const b of bodies)
      expect(await appPost(d.dropId, d.token, { ...b, topic: 'owntracks/a/phone' })).toEqual({ status: 200, json: [] });
    expect(await appPost(d.dropId, 'not-the-token', sealed())).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_DROP_AUTH' } });
    expect(await appPost(newDrop().dropId, d.token, sealed())).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_DROP_AUTH' } });

    expect(await posts(bob.token, d.dropId)).toMatchObject({ status: 404, json: { code: 'ENTWINE_ERR_DROP_UNKNOWN' } });
    const read = await posts(alice.token, d.dropId, 0, 2);
    expect(read.json.more).toBe(true);
    expect(read.json.posts.map((p: { data: string }) => p.data)).toEqual(bodies.slice(0, 2).map((b) => b.data));
    const upTo = read.json.posts[1].seq;
    expect(await http(t.url, 'POST', ROUTES.dropAck(d.dropId), { token: bob.token, json: { upTo } })).toMatchObject({ status: 404 });
    expect(await http(t.url, 'POST', ROUTES.dropAck(d.dropId), { token: alice.token, json: { upTo } })).toMatchObject({
      status: 200,
      json: { deleted: 2 },
    });
    const rest = await posts(alice.token, d.dropId);
    expect([rest.json.posts.map((p: { data: string }) => p.data), rest.json.more]).toEqual([[bodies[2]?.data], false]);
    const listed = await http(t.url, 'GET', ROUTES.drops, { token: alice.token });
    expect(listed.json.drops).toEqual([{ dropId: d.dropId, waiting: 1, lastPostAt: expect.any(Number) }]);
    expect((await http(t.url, 'GET', ROUTES.drops, { token: bob.token })).json.drops).toEqual([]);
    // Only `data` is kept: the app's other keys (its topic) are not.
    expect(dbBytes(t.dir).includes(Buffer.from('owntracks/a/phone'))).toBe(false);
  });

  it('refuses a readable position without keeping or logging any of it, and a malformed sealed one with a reason', async () => {
    const { alice } = await people();
    const d = newDrop();
    await put(alice.token, d.dropId, hashOf(d.token));
    const plain = { _type: 'location', lat: 41.0136829471, lon: 28.9791835264, tst: 1_765_000_000, tid: 'Qz' };
    expect(await appPost(d.dropId, d.token, plain)).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DROP_PLAINTEXT' } });
    expect(await appPost(d.dropId, d.token, [plain])).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DROP_PLAINTEXT' } });
    expect(await appPost(d.dropId, d.token, { _type: 'encrypted', data: 'not base64!' })).toMatchObject({
      status: 400,
      json: { code: 'ENTWINE_ERR_REQ_MALFORMED' },
    });
    expect(await appPost(d.dropId, d.token, '{"_type":"encrypted","data":"AAA')).toMatchObject({ status: 400 });
    expect((await posts(alice.token, d.dropId)).json.posts).toEqual([]);
    for (const needle of ['41.0136829471', '28.9791835264', '41.0136', '28.9791']) {
      expect(t.logs.join('\n')).not.toContain(needle);
      expect(dbBytes(t.dir).includes(Buffer.from(needle))).toBe(false);
    }
  });

  it('a full drop answers 507 and keeps what it holds; collecting makes room; a renewed token replaces the old at once', async () => {
    const { alice } = await people({ limits: { maxDropWaiting: 2 } });
    const d = newDrop();
    await put(alice.token, d.dropId, hashOf(d.token));
    expect((await appPost(d.dropId, d.token, sealed())).status).toBe(200);
    expect((await appPost(d.dropId, d.token, sealed())).status).toBe(200);
    expect(await appPost(d.dropId, d.token, sealed())).toMatchObject({ status: 507, json: { code: 'ENTWINE_ERR_DROP_FULL' } });
    const held = (await posts(alice.token, d.dropId)).json.posts;
    expect(held).toHaveLength(2);
    await http(t.url, 'POST', ROUTES.dropAck(d.dropId), { token: alice.token, json: { upTo: held[1].seq } });
    expect((await appPost(d.dropId, d.token, sealed())).status).toBe(200);

    const renewed = newDrop().token;
    expect(await put(alice.token, d.dropId, hashOf(renewed))).toMatchObject({ json: { status: 'replaced' } });
    expect((await appPost(d.dropId, d.token, sealed())).status).toBe(401);
    expect((await appPost(d.dropId, renewed, sealed())).status).toBe(200);
  });

  it('a person has at most maxDropsPerUser drops', async () => {
    const { alice } = await people({ limits: { maxDropsPerUser: 1 } });
    expect((await put(alice.token, newDrop().dropId, hashOf('a'))).status).toBe(200);
    expect(await put(alice.token, newDrop().dropId, hashOf('b'))).toMatchObject({
      status: 409,
      json: { code: 'ENTWINE_ERR_DROP_TOO_MANY' },
    });
  });
});
