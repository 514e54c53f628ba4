import {
  decodeDeliverFrame,
  decodeEnvelope,
  encodeSendFrame,
  FRAME,
  fromBase64url,
  openEnvelope,
  openInvite,
  openResponse,
  openReveal,
  ROUTES,
  toBase64url,
} from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestHooks } from './relay-options.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, makeResponse, postInvite, signedUp } from './test-support/pairing.ts';
import { makePerson, random, testEd } from './test-support/people.ts';
import { connectReady, http } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

const flipLast = (b: Uint8Array) => {
  const out = b.slice();
  out[out.length - 1] = (out[out.length - 1] as number) ^ 1;
  return out;
};

describe('test hooks let a test play a malicious relay, and the clients notice', () => {
  it('a swapped pairing response does not open for the inviter', async () => {
    const swapped: string[] = [];
    t = await startTestRelay({
      testHooks: {
        onPairingResponse: (inviteId, blob) => {
          swapped.push(inviteId);
          return flipLast(blob);
        },
      },
    });
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const inv = await postInvite(t.url, alice);
    const resp = await makeResponse(bob, inv);
    await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), { token: bob.token, json: { blob: toBase64url(resp.responseBlob) } });
    const seen = (await http(t.url, 'GET', ROUTES.pairings, { token: alice.token })).json.invites[0].response;
    expect(swapped).toEqual([inv.inviteId]);
    expect(await openResponse(ed, inv, fromBase64url(seen))).toEqual({ ok: false, reason: 'damaged' });
  });

  it('a swapped invite does not open for the invitee; hooks set after start apply', async () => {
    const hooks: TestHooks = {};
    t = await startTestRelay({ testHooks: hooks });
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const inv = await postInvite(t.url, alice);
    hooks.onInviteFetch = async (_id, blob) => flipLast(blob);
    const seen = (await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token })).json.blob;
    expect(await openInvite(ed, inv.secret, fromBase64url(seen), Date.now())).toEqual({ ok: false, reason: 'damaged' });
    hooks.onInviteFetch = undefined;
    const clean = (await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token })).json.blob;
    expect((await openInvite(ed, inv.secret, fromBase64url(clean), Date.now())).ok).toBe(true);
  });

  it('a tampered reveal is refused by the invitee', async () => {
    t = await startTestRelay({ testHooks: { onPairingReveal: (_id, blob) => flipLast(blob) } });
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const bonding = await activeBond(t.url, alice, bob);
    const invite = await openInvite(ed, bonding.inv.secret, bonding.inv.inviteBlob, Date.now());
    if (!invite.ok) throw new Error(invite.reason);
    const seen = (await http(t.url, 'GET', ROUTES.pairings, { token: bob.token })).json.invites[0].reveal;
    const result = await openReveal({
      ed,
      secret: bonding.inv.secret,
      invite: invite.value,
      responseBlob: bonding.responseBlob,
      revealBlob: fromBase64url(seen),
    });
    expect(result).toEqual({ ok: false, reason: 'damaged' });
  });

  it('an altered delivered envelope opens as forged, live and from the backlog', async () => {
    // Async on purpose: hooks may await (a test relay may compute its forgery with async crypto).
    t = await startTestRelay({ testHooks: { onDeliver: async (e) => flipLast(e) } });
    const ed = await testEd();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const { bondId } = await activeBond(t.url, alice, bob);
    const sender = await connectReady(t.url, alice.token);
    const receiver = await connectReady(t.url, bob.token);
    const epochKey = random.bytes(32);
    const device = alice.person.devices[0]!;
    const env = await seal(device, bondId, newEpochId(), 1n, 'meet at noon', epochKey);
    expect((await openEnvelope(ed, decodeEnvelope(env), epochKey, device.signPub)).ok).toBe(true);
    sender.ws.send(encodeSendFrame([env]));
    await sender.binary(FRAME.ack);
    const [liveCopy] = decodeDeliverFrame(await receiver.binary(FRAME.deliver));
    expect(await openEnvelope(ed, decodeEnvelope(liveCopy!.envelope), epochKey, device.signPub)).toEqual({ ok: false, reason: 'forged' });
    const page = await http(t.url, 'GET', ROUTES.bondEnvelopes(bondId, 0n, 10), { token: bob.token });
    const [stored] = decodeDeliverFrame(page.bytes!);
    expect(await openEnvelope(ed, decodeEnvelope(stored!.envelope), epochKey, device.signPub)).toEqual({ ok: false, reason: 'forged' });
    await sender.close();
    await receiver.close();
  });
});
