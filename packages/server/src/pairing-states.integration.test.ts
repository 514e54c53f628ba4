import { createReveal, deriveBond, fromBase64url, openInvite, openResponse, openReveal, ROUTES, toBase64url } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { confirmDoc, inviterBondId, makeResponse, pendingBond, postInvite, signedUp } from './test-support/pairing.ts';
import { makePerson, random, testEd } from './test-support/people.ts';
import { http } from './test-support/relay-client.ts';
import { relayPerTest } from './test-support/relay-per-test.ts';
import { ManualClock, type TestRelay } from './test-support/test-relay.ts';

const relays = relayPerTest();
const { live } = relays;
let t: TestRelay;
const three = async () => {
  const [a, b, c] = await Promise.all([makePerson('Alice'), makePerson('Bob'), makePerson('Carol')]);
  return { alice: await signedUp(t.url, a), bob: await signedUp(t.url, b), carol: await signedUp(t.url, c) };
};

describe('pairing through the relay', () => {
  it('invite → response → reveal → confirm, with each step pushed to the other side', async () => {
    t = await relays.start();
    const ed = await testEd();
    const { alice, bob } = await three();
    const aliceSocket = await live(alice.token);
    const bobSocket = await live(bob.token);

    const inv = await postInvite(t.url, alice);
    const view = await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token });
    expect(view.json).toMatchObject({ inviteId: inv.inviteId, state: 'open', expiresAt: inv.expiresAt });
    const opened = await openInvite(ed, inv.secret, fromBase64url(view.json.blob), Date.now());
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;

    const resp = await makeResponse(bob, inv);
    const r = await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), {
      token: bob.token,
      json: { blob: toBase64url(resp.responseBlob) },
    });
    expect(r).toMatchObject({ status: 200, json: { state: 'responded' } });
    await aliceSocket.event((e) => e.type === 'invite-response' && e.inviteId === inv.inviteId);

    const forAlice = (await http(t.url, 'GET', ROUTES.pairings, { token: alice.token })).json.invites;
    expect(forAlice).toEqual([
      { inviteId: inv.inviteId, role: 'inviter', state: 'responded', expiresAt: inv.expiresAt, response: toBase64url(resp.responseBlob) },
    ]);
    const forBobBefore = (await http(t.url, 'GET', ROUTES.pairings, { token: bob.token })).json.invites;
    expect(forBobBefore).toEqual([{ inviteId: inv.inviteId, role: 'invitee', state: 'responded', expiresAt: inv.expiresAt }]);

    const checkedResponse = await openResponse(ed, inv, resp.responseBlob);
    if (!checkedResponse.ok) throw new Error(checkedResponse.reason);
    const revealBlob = await createReveal({ ed, random, inviter: inv, device: alice.person.devices[0]!, responseBlob: resp.responseBlob });
    const bondId = await inviterBondId(inv, resp.responseBlob, revealBlob, fromBase64url(checkedResponse.value.doc.ePub));
    const aliceConfirm = await confirmDoc(alice, bondId, inv.inviteId);
    const rv = await http(t.url, 'POST', ROUTES.inviteReveal(inv.inviteId), {
      token: alice.token,
      json: { blob: toBase64url(revealBlob), confirm: aliceConfirm },
    });
    expect(rv).toMatchObject({ status: 201, json: { bondId, state: 'pending' } });
    const bonding = { bondId, revealBlob };
    await bobSocket.event((e) => e.type === 'invite-reveal' && e.inviteId === inv.inviteId);

    const forBob = (await http(t.url, 'GET', ROUTES.pairings, { token: bob.token })).json.invites[0];
    expect(forBob).toMatchObject({ state: 'revealed', reveal: toBase64url(bonding.revealBlob), bondId: bonding.bondId });
    expect(forBob.response).toBeUndefined();
    const checked = await openReveal({
      ed,
      secret: inv.secret,
      invite: opened.value,
      responseBlob: resp.responseBlob,
      revealBlob: fromBase64url(forBob.reveal),
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const bobSide = deriveBond({
      myEphemeralPriv: resp.ePriv,
      peerEphemeralPub: fromBase64url(checked.value.ePub),
      secret: inv.secret,
      inviteBlob: inv.inviteBlob,
      responseBlob: resp.responseBlob,
      inviterEphemeralPub: fromBase64url(checked.value.ePub),
      inviterNonce: fromBase64url(checked.value.nonce),
    });
    expect(bobSide.bondId).toBe(bonding.bondId);

    const pending = (await http(t.url, 'GET', ROUTES.bonds, { token: bob.token })).json.bonds;
    expect(pending).toEqual([
      {
        bondId: bonding.bondId,
        inviteId: inv.inviteId,
        state: 'pending',
        members: [alice.person.identity.userId, bob.person.identity.userId],
      },
    ]);
    const confirm = await confirmDoc(bob, bonding.bondId, inv.inviteId);
    const c = await http(t.url, 'POST', ROUTES.bondConfirm(bonding.bondId), { token: bob.token, json: { confirm } });
    expect(c).toMatchObject({ status: 200, json: { state: 'active' } });
    await aliceSocket.event((e) => e.type === 'bond-active' && e.bondId === bonding.bondId);
    await bobSocket.event((e) => e.type === 'bond-active' && e.bondId === bonding.bondId);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: alice.token })).json.bonds[0].state).toBe('active');
    const again = await http(t.url, 'POST', ROUTES.bondConfirm(bonding.bondId), { token: bob.token, json: { confirm } });
    expect(again.status).toBe(200);
    expect(aliceSocket.events.filter((e) => e.type === 'bond-active')).toHaveLength(1);
  });

  it('an invite is single-use, and its creator cannot answer it', async () => {
    t = await relays.start();
    const { alice, bob, carol } = await three();
    const inv = await postInvite(t.url, alice);
    const answer = async (who: typeof bob) => {
      const resp = await makeResponse(who, inv);
      return http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), { token: who.token, json: { blob: toBase64url(resp.responseBlob) } });
    };
    expect(await answer(alice)).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_INVITE_OWN' } });
    expect((await answer(bob)).status).toBe(200);
    expect(await answer(carol)).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_INVITE_USED' } });
    expect(await answer(bob)).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_INVITE_USED' } });
    const reuse = await http(t.url, 'POST', ROUTES.invites, {
      token: carol.token,
      json: { inviteId: inv.inviteId, blob: 'YQ', expiresAt: Date.now() + 1000 },
    });
    expect(reuse).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_INVITE_USED' } });
    const missing = await http(t.url, 'GET', ROUTES.invite(toBase64url(new Uint8Array(16))), { token: bob.token });
    expect(missing).toMatchObject({ status: 404, json: { code: 'ENTWINE_ERR_INVITE_NOT_FOUND' } });
  });

  it('caps the expiry at 24 h and refuses an expired invite with 410', async () => {
    const clock = new ManualClock();
    t = await relays.start({ clock });
    const { alice, bob } = await three();
    const long = await http(t.url, 'POST', ROUTES.invites, {
      token: alice.token,
      json: { inviteId: toBase64url(new Uint8Array(16).fill(3)), blob: 'YQ', expiresAt: clock.now() + 48 * 3600_000 },
    });
    expect(long).toMatchObject({ status: 201, json: { expiresAt: clock.now() + 24 * 3600_000 } });
    const inv = await postInvite(t.url, alice, 60_000, clock.now());
    clock.advance(60_000);
    expect((await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token })).json.state).toBe('expired');
    const resp = await makeResponse(bob, inv);
    const late = await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), {
      token: bob.token,
      json: { blob: toBase64url(resp.responseBlob) },
    });
    expect(late).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_INVITE_EXPIRED' } });
    const past = await http(t.url, 'POST', ROUTES.invites, {
      token: alice.token,
      json: { inviteId: toBase64url(new Uint8Array(16).fill(4)), blob: 'YQ', expiresAt: clock.now() - 1 },
    });
    expect(past).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_REQ_MALFORMED' } });
  });

  it('only the creator declines; the responder is told; a declined invite is 410 for everyone', async () => {
    t = await relays.start();
    const { alice, bob, carol } = await three();
    const bobSocket = await live(bob.token);
    const inv = await postInvite(t.url, alice);
    const resp = await makeResponse(bob, inv);
    await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), { token: bob.token, json: { blob: toBase64url(resp.responseBlob) } });
    expect(await http(t.url, 'POST', ROUTES.inviteDecline(inv.inviteId), { token: bob.token, json: {} })).toMatchObject({
      status: 403,
      json: { code: 'ENTWINE_ERR_INVITE_NOT_YOURS' },
    });
    expect(await http(t.url, 'POST', ROUTES.inviteDecline(inv.inviteId), { token: alice.token, json: {} })).toMatchObject({
      status: 200,
      json: { state: 'declined' },
    });
    await bobSocket.event((e) => e.type === 'invite-declined' && e.inviteId === inv.inviteId);
    const carolResp = await makeResponse(carol, inv);
    const late = await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), {
      token: carol.token,
      json: { blob: toBase64url(carolResp.responseBlob) },
    });
    expect(late).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_INVITE_DECLINED' } });
    const confirm = await confirmDoc(alice, toBase64url(new Uint8Array(16).fill(9)), inv.inviteId);
    const reveal = await http(t.url, 'POST', ROUTES.inviteReveal(inv.inviteId), { token: alice.token, json: { blob: 'YQ', confirm } });
    expect(reveal).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_INVITE_DECLINED' } });
    expect((await http(t.url, 'GET', ROUTES.pairings, { token: bob.token })).json.invites[0].state).toBe('declined');
  });

  it('reveal: creator only, after a response, with its own signed confirm for this invite; a taken bond id is 409', async () => {
    t = await relays.start();
    const { alice, bob, carol } = await three();
    const first = await pendingBond(t.url, alice, bob);
    const inv = await postInvite(t.url, alice);
    const bondId = toBase64url(new Uint8Array(16).fill(7));
    const confirm = await confirmDoc(alice, bondId, inv.inviteId);
    const reveal = (token: string, body: object) => http(t.url, 'POST', ROUTES.inviteReveal(inv.inviteId), { token, json: body });
    expect((await reveal(alice.token, { blob: 'YQ', confirm })).json.code).toBe('ENTWINE_ERR_INVITE_STATE');
    const resp = await makeResponse(carol, inv);
    await http(t.url, 'POST', ROUTES.inviteResponse(inv.inviteId), { token: carol.token, json: { blob: toBase64url(resp.responseBlob) } });
    expect(await reveal(carol.token, { blob: 'YQ', confirm })).toMatchObject({
      status: 403,
      json: { code: 'ENTWINE_ERR_INVITE_NOT_YOURS' },
    });
    const byCarol = await confirmDoc(carol, bondId, inv.inviteId);
    expect(await reveal(alice.token, { blob: 'YQ', confirm: byCarol })).toMatchObject({
      status: 400,
      json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' },
    });
    const otherInvite = await confirmDoc(alice, bondId, first.inv.inviteId);
    const wrong = await reveal(alice.token, { blob: 'YQ', confirm: otherInvite });
    expect(wrong).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' } });
    expect(wrong.json.message).toContain('confirm.inviteId');
    const clash = await confirmDoc(alice, first.bondId, inv.inviteId);
    expect(await reveal(alice.token, { blob: 'YQ', confirm: clash })).toMatchObject({
      status: 409,
      json: { code: 'ENTWINE_ERR_BOND_EXISTS' },
    });
    expect(await reveal(alice.token, { blob: 'YQ', confirm })).toMatchObject({ status: 201, json: { bondId } });
  });

  it('confirm: only the invitee activates; the inviter waits; strangers are refused', async () => {
    t = await relays.start();
    const { alice, bob, carol } = await three();
    const { bondId, inv } = await pendingBond(t.url, alice, bob);
    const post = (token: string, confirm: object, id = bondId) => http(t.url, 'POST', ROUTES.bondConfirm(id), { token, json: { confirm } });
    expect(await post(alice.token, await confirmDoc(alice, bondId, inv.inviteId))).toMatchObject({
      status: 409,
      json: { code: 'ENTWINE_ERR_BOND_PENDING' },
    });
    expect(await post(carol.token, await confirmDoc(carol, bondId, inv.inviteId))).toMatchObject({
      status: 403,
      json: { code: 'ENTWINE_ERR_BOND_NOT_MEMBER' },
    });
    const unknown = toBase64url(new Uint8Array(16).fill(1));
    expect((await post(bob.token, await confirmDoc(bob, unknown, inv.inviteId), unknown)).status).toBe(404);
    const wrongBond = await confirmDoc(bob, unknown, inv.inviteId);
    expect(await post(bob.token, wrongBond)).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_SIGNED_DOC_INVALID' } });
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: bob.token })).json.bonds[0].state).toBe('pending');
    expect((await post(bob.token, await confirmDoc(bob, bondId, inv.inviteId))).status).toBe(200);
    expect((await post(alice.token, await confirmDoc(alice, bondId, inv.inviteId))).status).toBe(200);
  });
});
