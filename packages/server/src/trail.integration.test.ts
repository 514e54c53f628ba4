import { decodeTrailPage, MAX_CHUNK_LENGTH, ROUTES, toBase64url, vaultIdOf } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { fakeChunk, today } from './test-support/chunks.ts';
import { dbBytes } from './test-support/db-bytes.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, endDoc, pendingBond, type Signed, signedUp } from './test-support/pairing.ts';
import { makePerson, random } from './test-support/people.ts';
import { http, signIn } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import type { TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
let t: TestRelay;

async function people(options: Parameters<typeof relays.start>[0] = {}) {
  t = await relays.start(options);
  const alice = await signedUp(t.url, await makePerson('Alice', 2));
  const bob = await signedUp(t.url, await makePerson('Bob'));
  const carol = await signedUp(t.url, await makePerson('Carol'));
  const { bondId } = await activeBond(t.url, alice, bob);
  return { alice, bob, carol, bondId };
}

const device = (who: Signed, i = 0) => who.person.devices[i]!.deviceId;
const post = (token: string, bytes: Uint8Array) => http(t.url, 'POST', ROUTES.chunks, { token, bytes });
const trail = async (token: string, ownerId: string, from: number, to: number) => {
  const res = await http(t.url, 'GET', ROUTES.trail(ownerId, from, to), { token });
  return { status: res.status, json: res.json, page: res.bytes && res.status === 200 ? decodeTrailPage(res.bytes) : undefined };
};
const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('day chunks in a bond', () => {
  it('a member posts, both members read the newest revision per (sender, day); strangers get nothing', async () => {
    const { alice, bob, carol, bondId } = await people();
    const day = today();
    const first = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day, revision: 10n });
    const newer = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day, revision: 11n, padded: 4096 });
    const bobs = fakeChunk({ ownerId: bondId, senderDevice: device(bob), day: day - 1, revision: 1n });
    expect(await post(alice.token, first)).toMatchObject({ status: 201, json: { status: 'stored' } });
    expect(await post(alice.token, newer)).toMatchObject({ status: 201 });
    expect(await post(alice.token, first)).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_CHUNK_STALE' } });
    expect(await post(bob.token, bobs)).toMatchObject({ status: 201 });
    for (const reader of [alice, bob]) {
      const { page } = await trail(reader.token, bondId, day - 7, day);
      expect(page?.nextDay).toBeUndefined();
      expect(page?.chunks.length).toBe(2);
      expect(same(page?.chunks[0], bobs) && same(page?.chunks[1], newer)).toBe(true);
    }
    expect((await trail(bob.token, bondId, day, day)).page?.chunks.length).toBe(1);
    expect((await trail(carol.token, bondId, day - 7, day)).json).toMatchObject({ code: 'ENTWINE_ERR_TRAIL_NOT_YOURS' });
    const carols = fakeChunk({ ownerId: bondId, senderDevice: device(carol), day, revision: 1n });
    expect(await post(carol.token, carols)).toMatchObject({ status: 403, json: { code: 'ENTWINE_ERR_TRAIL_NOT_YOURS' } });
    const unknown = toBase64url(random.bytes(16));
    expect((await trail(carol.token, unknown, day, day)).json.code, 'an id naming nothing reads the same').toBe(
      'ENTWINE_ERR_TRAIL_NOT_YOURS',
    );
  });

  it('refuses what is not a chunk of the signed-in device for a day the relay can keep', async () => {
    const { alice, bob, bondId } = await people();
    const day = today();
    const ok = { ownerId: bondId, senderDevice: device(alice), day, revision: 1n };
    expect(await post(alice.token, fakeChunk({ ...ok, senderDevice: device(bob) }))).toMatchObject({
      status: 403,
      json: { code: 'ENTWINE_ERR_CHUNK_SENDER' },
    });
    const cut = fakeChunk(ok).subarray(0, 1000);
    expect(await post(alice.token, cut)).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_CHUNK_MALFORMED' } });
    const envelope = await seal(alice.person.devices[0]!, bondId, newEpochId(), 1n);
    expect((await post(alice.token, envelope)).json.code).toBe('ENTWINE_ERR_CHUNK_MALFORMED');
    expect(await post(alice.token, fakeChunk({ ...ok, day: day + 2 }))).toMatchObject({
      status: 400,
      json: { code: 'ENTWINE_ERR_CHUNK_FUTURE' },
    });
    expect((await post(alice.token, fakeChunk({ ...ok, day: day + 1 }))).status, 'tomorrow: a clock a little ahead').toBe(201);
    const json = await http(t.url, 'POST', ROUTES.chunks, { token: alice.token, json: {} });
    expect(json).toMatchObject({ status: 415, json: { code: 'ENTWINE_ERR_REQ_UNSUPPORTED_TYPE' } });
    const biggest = fakeChunk({ ...ok, revision: 2n, padded: 4 * 1024 * 1024 });
    expect(biggest.length).toBe(MAX_CHUNK_LENGTH);
    expect((await post(alice.token, biggest)).status, 'a 4 MiB day fits').toBe(201);
    const over = new Uint8Array(MAX_CHUNK_LENGTH + 1);
    over.set(biggest);
    expect(await post(alice.token, over)).toMatchObject({ status: 413, json: { code: 'ENTWINE_ERR_REQ_TOO_LARGE' } });
    expect((await trail(alice.token, bondId, 5, 4)).json.code).toBe('ENTWINE_ERR_REQ_MALFORMED');
    expect((await http(t.url, 'GET', `/v1/trail/${bondId}?from=1`, { token: alice.token })).json.code).toBe('ENTWINE_ERR_REQ_MALFORMED');
    const pending = await pendingBond(t.url, alice, await signedUp(t.url, await makePerson('Dan')));
    const early = fakeChunk({ ...ok, ownerId: pending.bondId });
    expect(await post(alice.token, early)).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_BOND_PENDING' } });
  });

  it('pages whole days up to the page budget and says where to go on', async () => {
    const { alice, bondId } = await people({ limits: { trailPageBytes: 3000 } });
    const day = today();
    const chunks = [day - 2, day - 1, day].map((d) => fakeChunk({ ownerId: bondId, senderDevice: device(alice), day: d, revision: 1n }));
    for (const c of chunks) expect((await post(alice.token, c)).status).toBe(201);
    const first = (await trail(alice.token, bondId, day - 2, day)).page!;
    expect([first.chunks.length, first.nextDay]).toEqual([2, day]);
    const rest = (await trail(alice.token, bondId, first.nextDay!, day)).page!;
    expect([rest.chunks.length, rest.nextDay]).toEqual([1, undefined]);
    expect(same(rest.chunks[0], chunks[2]!)).toBe(true);
  });

  it('ending the bond deletes its chunks, from the file too', async () => {
    const { alice, bob, bondId } = await people();
    const c = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day: today(), revision: 1n });
    await post(alice.token, c);
    const probe = Buffer.from(c.subarray(200, 240));
    expect(dbBytes(t.dir).includes(probe)).toBe(true);
    expect((await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: bob.token, json: { end: await endDoc(bob, bondId) } })).status).toBe(
      200,
    );
    expect(dbBytes(t.dir).includes(probe)).toBe(false);
    expect((await trail(alice.token, bondId, 0, today())).json.code).toBe('ENTWINE_ERR_BOND_ENDED');
  });
});

describe('retention', () => {
  it('each sharer sets their own; lowering deletes at once (and from the file); raising brings nothing back', async () => {
    const { alice, bob, carol, bondId } = await people();
    const day = today();
    const set = (who: Signed, days: unknown) => http(t.url, 'POST', ROUTES.bondRetention(bondId), { token: who.token, json: { days } });
    const bonds = async (who: Signed) => (await http(t.url, 'GET', ROUTES.bonds, { token: who.token })).json.bonds[0];
    const [a, b] = [alice.person.identity.userId, bob.person.identity.userId];
    expect((await bonds(bob)).retention).toEqual({ [a]: 30, [b]: 30 });
    const old = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day: day - 5, revision: 1n });
    const bobsOld = fakeChunk({ ownerId: bondId, senderDevice: device(bob), day: day - 5, revision: 1n });
    for (const [who, c] of [
      [alice, old],
      [bob, bobsOld],
    ] as const)
      expect((await post(who.token, c)).status).toBe(201);
    const probe = Buffer.from(old.subarray(300, 340));

    expect(await set(alice, 1)).toMatchObject({ status: 200, json: { days: 1 } });
    expect((await bonds(bob)).retention).toEqual({ [a]: 1, [b]: 30 });
    const left = (await trail(bob.token, bondId, day - 10, day)).page!;
    expect(left.chunks.length).toBe(1);
    expect(same(left.chunks[0], bobsOld), "Bob's own retention is his").toBe(true);
    expect(dbBytes(t.dir).includes(probe)).toBe(false);
    const again = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day: day - 5, revision: 2n });
    expect(await post(alice.token, again)).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_CHUNK_RETENTION' } });
    expect((await set(alice, null)).json).toEqual({ days: null });
    expect((await post(alice.token, again)).status, 'raising does not resurrect a deleted day').toBe(410);
    const todays = fakeChunk({ ownerId: bondId, senderDevice: device(alice), day, revision: 1n });
    expect((await post(alice.token, todays)).status).toBe(201);

    expect((await set(alice, 5)).json.code).toBe('ENTWINE_ERR_REQ_MALFORMED');
    expect((await set(carol, 7)).json.code).toBe('ENTWINE_ERR_BOND_NOT_MEMBER');
  });
});

describe('the vault', () => {
  it("only the person's own devices add to or read their vault", async () => {
    const { alice, bob } = await people();
    const vault = vaultIdOf(alice.person.identity.publicKey);
    const day = today();
    const mine = fakeChunk({ ownerId: vault, senderDevice: device(alice), day: day - 900, revision: 1n });
    expect((await post(alice.token, mine)).status, 'the vault has no retention').toBe(201);
    const second = await signIn(t.url, alice.person.devices[1]!);
    const fromSecond = fakeChunk({ ownerId: vault, senderDevice: device(alice, 1), day, revision: 1n });
    expect((await post(second, fromSecond)).status).toBe(201);
    const { page } = await trail(second, vault, day - 1000, day);
    expect(page?.chunks.length).toBe(2);
    expect(same(page?.chunks[0], mine)).toBe(true);
    expect((await trail(bob.token, vault, 0, day)).json.code).toBe('ENTWINE_ERR_TRAIL_NOT_YOURS');
    const intruder = fakeChunk({ ownerId: vault, senderDevice: device(bob), day, revision: 1n });
    expect((await post(bob.token, intruder)).json.code).toBe('ENTWINE_ERR_TRAIL_NOT_YOURS');
  });

  it('keeps one key blob per epoch for the vault of the signed-in person', async () => {
    const { alice, bob } = await people();
    const key = { epochId: newEpochId(), blob: { body: 'e30', sig: 'A'.repeat(86) } };
    const postKey = (token: string, json: unknown) => http(t.url, 'POST', ROUTES.vaultKeys, { token, json });
    expect(await postKey(alice.token, key)).toMatchObject({ status: 201, json: { status: 'stored' } });
    expect(await postKey(alice.token, { ...key, blob: { body: 'e31', sig: 'B'.repeat(86) } })).toMatchObject({
      status: 200,
      json: { status: 'duplicate' },
    });
    const second = await signIn(t.url, alice.person.devices[1]!);
    expect((await http(t.url, 'GET', ROUTES.vaultKeys, { token: second })).json).toEqual({ keys: [key] });
    expect((await http(t.url, 'GET', ROUTES.vaultKeys, { token: bob.token })).json).toEqual({ keys: [] });
    expect((await postKey(bob.token, { epochId: 'short', blob: key.blob })).json.code).toBe('ENTWINE_ERR_REQ_MALFORMED');
  });
});
