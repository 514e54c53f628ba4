import { decodeDeliverFrame, ROUTES } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { dbBytes } from './test-support/db-bytes.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, type Signed, signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { http, signIn } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import { ManualClock, type TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
let t: TestRelay;
const DAY = 86_400_000;

/** Alice with two devices (both signed in) and Bob with one, bonded. */
async function bonded(options: Parameters<typeof relays.start>[0] = {}) {
  t = await relays.start(options);
  const alice = await signedUp(t.url, await makePerson('Alice', 2));
  const bob = await signedUp(t.url, await makePerson('Bob'));
  const { bondId } = await activeBond(t.url, alice, bob);
  return { alice, bob, bondId, aliceSecond: await signIn(t.url, alice.person.devices[1]!) };
}

async function send(alice: Signed, bondId: string, count: number) {
  const epoch = newEpochId();
  const sent: { cursor: string; bytes: Uint8Array }[] = [];
  for (let i = 1; i <= count; i++) {
    const bytes = await seal(alice.person.devices[0]!, bondId, epoch, BigInt(i), `where I am ${i}`);
    const res = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes });
    expect(res.status).toBe(201);
    sent.push({ cursor: res.json.cursor, bytes });
  }
  return sent;
}

const backlog = async (token: string, bondId: string) =>
  decodeDeliverFrame((await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 100), { token })).bytes!).map((d) => String(d.cursor));
const read = (token: string, bondId: string, cursor: string) => http(t.url, 'POST', ROUTES.bondRead(bondId), { token, json: { cursor } });
const missedIn = async (token: string, bondId: string) =>
  (await http(t.url, 'GET', ROUTES.bonds, { token })).json.bonds.find((b: { bondId: string }) => b.bondId === bondId).missed;

describe('read positions', () => {
  it('once every recipient device has read, the envelopes are gone from the database file and its WAL', async () => {
    const { alice, bob, bondId, aliceSecond } = await bonded();
    const sent = await send(alice, bondId, 3);
    const last = sent[2]!.cursor;
    const probes = sent.map((s) => Buffer.from(s.bytes.subarray(90, 130)));
    expect(probes.every((p) => dbBytes(t.dir).includes(p))).toBe(true);

    expect(await read(bob.token, bondId, last)).toMatchObject({ status: 200, json: { cursor: last, missed: 0 } });
    expect(await backlog(bob.token, bondId), "Alice's other device has not read them yet").toEqual(sent.map((s) => s.cursor));
    expect((await read(bob.token, bondId, sent[0]!.cursor)).json.cursor, 'a position never moves down').toBe(last);
    expect(await read(aliceSecond, bondId, last)).toMatchObject({ status: 200, json: { cursor: last } });
    expect(await backlog(bob.token, bondId)).toEqual([]);
    await t.relay.sweep(); // hands freed pages back and cuts the WAL (batched after read reports)
    const bytes = dbBytes(t.dir);
    expect(probes.filter((p) => bytes.includes(p))).toHaveLength(0);
  });

  it('only members report, with a u64 decimal cursor, in an active bond', async () => {
    const { bondId } = await bonded();
    const carol = await signedUp(t.url, await makePerson('Carol'));
    expect(await read(carol.token, bondId, '1')).toMatchObject({ status: 403, json: { code: 'ENTWINE_ERR_BOND_NOT_MEMBER' } });
    const bobToken = (await signedUp(t.url, await makePerson('Bob2'))).token;
    expect((await read(bobToken, 'AAAAAAAAAAAAAAAAAAAAAA', '1')).json.code).toBe('ENTWINE_ERR_BOND_NOT_FOUND');
    for (const bad of ['-1', '1.5', '18446744073709551616', 'x']) {
      expect((await read(carol.token, bondId, bad)).json.code, bad).toBe('ENTWINE_ERR_REQ_MALFORMED');
    }
    expect((await http(t.url, 'POST', ROUTES.bondRead(bondId), { json: { cursor: '1' } })).status).toBe(401);
  });

  it('a device away past the live window is told how many it missed, once, in the bonds list and the read answer', async () => {
    const clock = new ManualClock();
    const { alice, bob, bondId } = await bonded({ clock, liveDays: 2 });
    await send(alice, bondId, 3);
    clock.advance(2 * DAY - 1000);
    await t.relay.sweep();
    // Sessions last 12 hours on the relay's clock: both sign in again after two days.
    const bobToken = await signIn(t.url, bob.person.devices[0]!);
    const aliceToken = await signIn(t.url, alice.person.devices[0]!);
    expect(await missedIn(bobToken, bondId)).toBe(0);
    clock.advance(2000);
    await t.relay.sweep();
    expect(await backlog(bobToken, bondId)).toEqual([]);
    expect(await missedIn(bobToken, bondId)).toBe(3);
    expect(await missedIn(aliceToken, bondId), 'the sender missed nothing of its own').toBe(0);
    expect(await read(bobToken, bondId, '0')).toMatchObject({ status: 200, json: { missed: 3 } });
    expect(await missedIn(bobToken, bondId)).toBe(0);
    expect((await read(bobToken, bondId, '0')).json.missed).toBe(0);
  });
});
