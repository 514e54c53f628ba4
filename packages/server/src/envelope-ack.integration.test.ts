import {
  ACK_STATUS,
  decodeAckFrame,
  decodeDeliverFrame,
  encodeSendFrame,
  FRAME,
  hpkeSuite,
  newEpoch,
  ROUTES,
  sealKeyDist,
  toBase64url,
} from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { RelayOptions } from './relay-options.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, type Signed, signedUp } from './test-support/pairing.ts';
import { makePerson, random, testEd } from './test-support/people.ts';
import { http, signIn, type TestSocket } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import type { TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
const { live } = relays;
let t: TestRelay;

/** Alice with two devices and Bob with one, bonded; Alice's second device is signed in too. */
async function bonded(options: Omit<RelayOptions, 'dataDir' | 'logger'> = {}) {
  t = await relays.start(options);
  const alice = await signedUp(t.url, await makePerson('Alice', 2));
  const bob = await signedUp(t.url, await makePerson('Bob'));
  const { bondId } = await activeBond(t.url, alice, bob);
  const aliceSecond = await signIn(t.url, alice.person.devices[1]!);
  return { alice, bob, bondId, aliceSecond, device: alice.person.devices[0]! };
}

const ackOf = async (s: TestSocket) => decodeAckFrame(await s.binary(FRAME.ack));

describe('envelopes over WebSocket', () => {
  it('one ACK per SEND frame, every envelope’s status in order, then DELIVER to everyone but the sender', async () => {
    const { alice, bob, bondId, aliceSecond, device } = await bonded();
    const sender = await live(alice.token);
    const partner = await live(bob.token);
    const ownOther = await live(aliceSecond);
    const epoch = newEpochId();
    const e1 = await seal(device, bondId, epoch, 1n, 'one');
    const e2 = await seal(device, bondId, epoch, 2n, 'two');
    const notMine = await seal(bob.person.devices[0]!, bondId, epoch, 3n);
    const strangerBond = await seal(device, toBase64url(random.bytes(16)), epoch, 4n);
    sender.ws.send(encodeSendFrame([e1, e2, e1, new Uint8Array([1, 2, 3]), notMine, strangerBond]));
    const acks = await ackOf(sender);
    expect(acks.map((a) => a.status)).toEqual([
      ACK_STATUS.stored,
      ACK_STATUS.stored,
      ACK_STATUS.duplicate,
      ACK_STATUS.malformed,
      ACK_STATUS.senderMismatch,
      ACK_STATUS.notMember,
    ]);
    expect(acks.slice(0, 3).map((a) => [a.epochId, a.seq])).toEqual([
      [epoch, 1n],
      [epoch, 2n],
      [epoch, 1n],
    ]);
    for (const receiver of [partner, ownOther]) {
      const delivered = decodeDeliverFrame(await receiver.binary(FRAME.deliver));
      expect(delivered.map((d) => Array.from(d.envelope))).toEqual([Array.from(e1), Array.from(e2)]);
      expect(delivered[1]!.cursor).toBeGreaterThan(delivered[0]!.cursor);
    }
    // Fan-out runs before the ACK is written, so a DELIVER to the sender would already be here.
    expect(sender.binaries.filter((b) => b[0] === FRAME.deliver)).toHaveLength(0);
  });

  it('pipelined SEND frames are acknowledged in order, each after its commit', async () => {
    const { alice, bondId, device } = await bonded();
    const sender = await live(alice.token);
    const epoch = newEpochId();
    const all = await Promise.all(Array.from({ length: 600 }, (_, i) => seal(device, bondId, epoch, BigInt(i))));
    const frames = [all.slice(0, 256), all.slice(256, 512), all.slice(512)];
    for (const f of frames) sender.ws.send(encodeSendFrame(f));
    const acks = [await ackOf(sender), await ackOf(sender), await ackOf(sender)];
    expect(acks.map((a) => a.length)).toEqual([256, 256, 88]);
    expect(acks.flat().map((a) => a.seq)).toEqual(all.map((_, i) => BigInt(i)));
    expect(acks.flat().every((a) => a.status === ACK_STATUS.stored)).toBe(true);
  });

  it('acknowledged ⇒ durable: an ACKed envelope survives a restart', async () => {
    const { alice, bob, bondId, device } = await bonded();
    const sender = await live(alice.token);
    const env = await seal(device, bondId, newEpochId(), 1n, 'kept');
    sender.ws.send(encodeSendFrame([env]));
    expect((await ackOf(sender))[0]!.status).toBe(ACK_STATUS.stored);
    await sender.close(); // closing it again after the test only waits for the close that already happened
    await t.restart();
    const page = await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: bob.token });
    expect(page.status).toBe(200);
    expect(decodeDeliverFrame(page.bytes!).map((d) => Array.from(d.envelope))).toEqual([Array.from(env)]);
  });

  it('rate limits per device with ACK rateLimited (HTTP 429) and caps the envelope size', async () => {
    const { alice, bondId, device } = await bonded({ limits: { envelopesPerSecond: 0.001, envelopeBurst: 3, maxEnvelopeBytes: 600 } });
    const sender = await live(alice.token);
    const epoch = newEpochId();
    const big = await seal(device, bondId, epoch, 99n, 'x'.repeat(1000));
    const small = await Promise.all([1n, 2n, 3n, 4n].map((s) => seal(device, bondId, epoch, s)));
    sender.ws.send(encodeSendFrame([big, ...small]));
    expect((await ackOf(sender)).map((a) => a.status)).toEqual([
      ACK_STATUS.tooLarge,
      ACK_STATUS.stored,
      ACK_STATUS.stored,
      ACK_STATUS.stored,
      ACK_STATUS.rateLimited,
    ]);
    const http429 = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: await seal(device, bondId, epoch, 5n) });
    expect(http429).toMatchObject({ status: 429, json: { code: 'ENTWINE_ERR_RATE_LIMITED' } });
    const http413 = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: big });
    expect(http413).toMatchObject({ status: 413, json: { code: 'ENTWINE_ERR_REQ_TOO_LARGE' } });
  });
});

describe('envelopes over HTTP', () => {
  it('201 {cursor} after commit, 409 duplicate, sender and membership checked; backlog pages by cursor', async () => {
    const { alice, bob, bondId, device } = await bonded();
    const partner = await live(bob.token);
    const carol: Signed = await signedUp(t.url, await makePerson('Carol'));
    const epoch = newEpochId();
    const envs = await Promise.all([1n, 2n, 3n].map((s) => seal(device, bondId, epoch, s)));
    const cursors: string[] = [];
    for (const e of envs) {
      const res = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: e });
      expect(res.status).toBe(201);
      expect(res.json.cursor).toMatch(/^\d+$/);
      cursors.push(res.json.cursor);
    }
    expect(decodeDeliverFrame(await partner.binary(FRAME.deliver))[0]!.cursor).toBe(BigInt(cursors[0]!));
    const dup = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: envs[0]! });
    expect(dup).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_ENVELOPE_DUPLICATE' } });
    const asBob = await http(t.url, 'POST', ROUTES.envelopes, { token: bob.token, bytes: envs[0]! });
    expect(asBob).toMatchObject({ status: 403, json: { code: 'ENTWINE_ERR_ENVELOPE_SENDER' } });
    const carolEnv = await seal(carol.person.devices[0]!, bondId, epoch, 1n);
    expect((await http(t.url, 'POST', ROUTES.envelopes, { token: carol.token, bytes: carolEnv })).json.code).toBe(
      'ENTWINE_ERR_BOND_NOT_MEMBER',
    );
    const garbage = await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: new Uint8Array(200) });
    expect(garbage).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_ENVELOPE_MALFORMED' } });
    expect(garbage.json.message).toContain('version');

    const all = decodeDeliverFrame((await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: bob.token })).bytes!);
    expect(all.map((d) => String(d.cursor))).toEqual(cursors);
    expect(all.map((d) => Array.from(d.envelope))).toEqual(envs.map((e) => Array.from(e)));
    const rest = await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, BigInt(cursors[0]!), 1), { token: alice.token });
    expect(rest.contentType).toContain('application/octet-stream');
    expect(decodeDeliverFrame(rest.bytes!).map((d) => String(d.cursor))).toEqual([cursors[1]]);
    const none = await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, BigInt(cursors[2]!), 10), { token: alice.token });
    expect(decodeDeliverFrame(none.bytes!)).toEqual([]);
    expect((await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: carol.token })).status).toBe(403);
    expect((await http(t.url, 'GET', `/v1/bonds/${bondId}/envelopes?after=-1`, { token: bob.token })).status).toBe(400);
  });
});

describe('key distributions', () => {
  it('stored once, pushed to both members’ sockets except the sending device’s, listed for members', async () => {
    const { alice, bob, bondId, aliceSecond, device } = await bonded();
    const ed = await testEd();
    const partner = await live(bob.token);
    const ownOther = await live(aliceSecond);
    const sender = await live(alice.token);
    const recipients = [bob.person.devices[0]!, alice.person.devices[1]!].map((d) => ({
      deviceId: d.deviceId,
      signPub: d.signPub,
      dhPub: d.dhPub,
    }));
    const epoch = newEpoch(random, bondId, device.deviceId);
    const keyDist = await sealKeyDist({
      ed,
      suite: hpkeSuite(),
      epoch,
      sender: device,
      senderUser: alice.person.identity.userId,
      recipients,
      createdAt: Date.now(),
    });
    const post = (token: string, body: unknown) => http(t.url, 'POST', ROUTES.bondKeys(bondId), { token, json: { keyDist: body } });
    expect(await post(alice.token, keyDist)).toMatchObject({ status: 201, json: { status: 'stored' } });
    expect(await post(alice.token, keyDist)).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    for (const s of [partner, ownOther]) expect((await s.event((e) => e.type === 'key-dist')).keyDist).toEqual(keyDist);
    expect((await http(t.url, 'GET', ROUTES.bondKeys(bondId), { token: bob.token })).json).toEqual({ keyDists: [keyDist] });
    // Bob cannot post Alice's key-dist: it is checked against the signed-in device's key.
    expect(await post(bob.token, keyDist)).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' } });
    sender.ws.send(encodeSendFrame([await seal(device, bondId, epoch.epochId, 1n)]));
    await sender.binary(FRAME.ack);
    expect(sender.events.filter((e) => e.type === 'key-dist')).toHaveLength(0);
  });
});
