import { ACK_STATUS, decodeAckFrame, encodeSendFrame, FRAME, hpkeSuite, newEpoch, ROUTES, sealKeyDist } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { dbBytes } from './test-support/db-bytes.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, endDoc, pendingBond, signedUp } from './test-support/pairing.ts';
import { makePerson, random, testEd } from './test-support/people.ts';
import { http, signIn, type TestSocket } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import type { TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
const { live } = relays;
let t: TestRelay;
const sendOne = async (s: TestSocket, envelope: Uint8Array) => {
  s.ws.send(encodeSendFrame([envelope]));
  return decodeAckFrame(await s.binary(FRAME.ack))[0]!.status;
};

describe('ending a bond', () => {
  it('either side ends it alone: both are told, nothing more is relayed, and its ciphertext is deleted', async () => {
    t = await relays.start();
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice', 2));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const { bondId } = await activeBond(t.url, alice, bob);
    const aDevice = alice.person.devices[0]!;
    const bDevice = bob.person.devices[0]!;
    const aliceSocket = await live(alice.token);
    const aliceOther = await live(await signIn(t.url, alice.person.devices[1]!));
    const bobSocket = await live(bob.token);

    const epoch = newEpochId();
    const stored = await Promise.all([1n, 2n, 3n].map((s) => seal(aDevice, bondId, epoch, s, `secret ${s}`)));
    aliceSocket.ws.send(encodeSendFrame(stored));
    expect(decodeAckFrame(await aliceSocket.binary(FRAME.ack)).every((a) => a.status === ACK_STATUS.stored)).toBe(true);
    const keyDist = await sealKeyDist({
      ed,
      suite: hpkeSuite(),
      epoch: newEpoch(random, bondId, aDevice.deviceId),
      sender: aDevice,
      senderUser: alice.person.identity.userId,
      recipients: [{ deviceId: bDevice.deviceId, signPub: bDevice.signPub, dhPub: bDevice.dhPub }],
      createdAt: Date.now(),
    });
    expect((await http(t.url, 'POST', ROUTES.bondKeys(bondId), { token: alice.token, json: { keyDist } })).status).toBe(201);
    const probes = stored.map((e) => Buffer.from(e.subarray(80, 112)));
    expect(probes.some((p) => dbBytes(t.dir).includes(p))).toBe(true);

    const end = await endDoc(bob, bondId);
    expect(await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: bob.token, json: { end } })).toMatchObject({
      status: 200,
      json: { state: 'ended' },
    });
    const by = bob.person.identity.userId;
    for (const s of [aliceSocket, aliceOther, bobSocket]) {
      expect(await s.event((e) => e.type === 'bond-ended')).toEqual({ type: 'bond-ended', bondId, by, end }); // the signed end, for members to verify
    }

    expect(await sendOne(aliceSocket, await seal(aDevice, bondId, epoch, 4n))).toBe(ACK_STATUS.bondEnded);
    expect(await sendOne(bobSocket, await seal(bDevice, bondId, newEpochId(), 1n))).toBe(ACK_STATUS.bondEnded);
    const viaHttp = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: await seal(aDevice, bondId, epoch, 5n) });
    expect(viaHttp).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_BOND_ENDED' } });
    expect((await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: bob.token })).status).toBe(410);
    expect((await http(t.url, 'GET', ROUTES.bondKeys(bondId), { token: alice.token })).status).toBe(410);
    expect((await http(t.url, 'POST', ROUTES.bondKeys(bondId), { token: alice.token, json: { keyDist } })).status).toBe(410);

    const bytes = dbBytes(t.dir);
    expect(probes.filter((p) => bytes.includes(p))).toHaveLength(0);
    expect(bytes.includes(Buffer.from(keyDist.body.slice(0, 60)))).toBe(false);

    expect((await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: bob.token, json: { end } })).status).toBe(200);
    const aliceEnd = await endDoc(alice, bondId);
    expect(await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: alice.token, json: { end: aliceEnd } })).toMatchObject({
      status: 410,
      json: { code: 'ENTWINE_ERR_BOND_ENDED' },
    });
    expect(bobSocket.events.filter((e) => e.type === 'bond-ended')).toHaveLength(1);
    const listed = (await http(t.url, 'GET', ROUTES.bonds, { token: alice.token })).json.bonds[0];
    expect(listed.state).toBe('ended');
    expect(listed.end).toEqual(end); // S23: an offline member reads the same signed end on sync
  });

  it('needs a bond-end signed by the signed-in member’s own device', async () => {
    t = await relays.start();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const carol = await signedUp(t.url, await makePerson('Carol'));
    const { bondId } = await activeBond(t.url, alice, bob);
    const post = (token: string, end: unknown, id = bondId) => http(t.url, 'POST', ROUTES.bondEnd(id), { token, json: { end } });
    expect(await post(bob.token, await endDoc(alice, bondId))).toMatchObject({
      status: 400,
      json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' },
    });
    expect(await post(carol.token, await endDoc(carol, bondId))).toMatchObject({
      status: 403,
      json: { code: 'ENTWINE_ERR_BOND_NOT_MEMBER' },
    });
    const other = (await pendingBond(t.url, carol, alice)).bondId;
    expect(await post(alice.token, await endDoc(alice, other))).toMatchObject({
      status: 400,
      json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' },
    });
    expect((await post(alice.token, { body: 'e30', sig: 'A'.repeat(86) }, 'A'.repeat(22))).status).toBe(404);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: bob.token })).json.bonds[0].state).toBe('active');
  });
});

describe('a pending bond relays nothing', () => {
  it('envelopes, key-dists and backlog are BOND_PENDING until the second yes; it can still be ended', async () => {
    t = await relays.start();
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const { bondId } = await pendingBond(t.url, alice, bob);
    const aDevice = alice.person.devices[0]!;
    const aliceSocket = await live(alice.token);
    const bobSocket = await live(bob.token);
    const epoch = newEpochId();
    expect(await sendOne(aliceSocket, await seal(aDevice, bondId, epoch, 1n))).toBe(ACK_STATUS.bondPending);
    const viaHttp = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: await seal(aDevice, bondId, epoch, 2n) });
    expect(viaHttp).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_BOND_PENDING' } });
    const bDevice = bob.person.devices[0]!;
    const keyDist = await sealKeyDist({
      ed,
      suite: hpkeSuite(),
      epoch: newEpoch(random, bondId, aDevice.deviceId),
      sender: aDevice,
      senderUser: alice.person.identity.userId,
      recipients: [{ deviceId: bDevice.deviceId, signPub: bDevice.signPub, dhPub: bDevice.dhPub }],
      createdAt: Date.now(),
    });
    expect((await http(t.url, 'POST', ROUTES.bondKeys(bondId), { token: alice.token, json: { keyDist } })).json.code).toBe(
      'ENTWINE_ERR_BOND_PENDING',
    );
    expect((await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: bob.token })).status).toBe(409);
    expect(bobSocket.binaries.filter((b) => b[0] === FRAME.deliver)).toHaveLength(0);
    expect(bobSocket.events.filter((e) => e.type === 'key-dist')).toHaveLength(0);
    expect(
      (await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: alice.token, json: { end: await endDoc(alice, bondId) } })).status,
    ).toBe(200);
    await bobSocket.event((e) => e.type === 'bond-ended');
  });
});
