/**
 * Drives a real pairing through the relay with core's pairing functions: invite → response → reveal
 * (pending bond) → confirm (active). Each step can be stopped early to test the states in between.
 */
import {
  createInvite,
  createReveal,
  deriveBond,
  fromBase64url,
  type InviterSecrets,
  openInvite,
  openResponse,
  openReveal,
  ROUTES,
  respondToInvite,
  type SignedBlob,
  signBlob,
  toBase64url,
} from '@entwine/core';
import { type Person, random, testEd } from './people.ts';
import { http, register, signIn } from './relay-client.ts';

export interface Signed {
  person: Person;
  token: string;
}

export async function signedUp(url: string, person: Person): Promise<Signed> {
  const reg = await register(url, person);
  if (reg.status !== 200) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.json)}`);
  return { person, token: await signIn(url, person.devices[0] as Person['devices'][number]) };
}

export async function postInvite(url: string, a: Signed, ttlMs = 3_600_000, now = Date.now()): Promise<InviterSecrets> {
  const inv = createInvite({ random, identity: a.person.identity, deviceList: a.person.deviceList, name: a.person.name, now, ttlMs });
  const res = await http(url, 'POST', ROUTES.invites, {
    token: a.token,
    json: { inviteId: inv.inviteId, blob: toBase64url(inv.inviteBlob), expiresAt: inv.expiresAt },
  });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.json)}`);
  return inv;
}

export async function makeResponse(b: Signed, inv: InviterSecrets) {
  const ed = await testEd();
  return respondToInvite({
    ed,
    random,
    secret: inv.secret,
    inviteBlob: inv.inviteBlob,
    identity: b.person.identity,
    device: b.person.devices[0] as Person['devices'][number],
    deviceList: b.person.deviceList,
    name: b.person.name,
  });
}

export async function confirmDoc(who: Signed, bondId: string, inviteId: string, deviceIndex = 0): Promise<SignedBlob> {
  const ed = await testEd();
  const device = who.person.devices[deviceIndex] as Person['devices'][number];
  const doc = { v: 1, bondId, inviteId, userId: who.person.identity.userId, deviceId: device.deviceId, at: Date.now() };
  return signBlob(ed, 'bond-confirm', doc, device.signSeed);
}

export async function endDoc(who: Signed, bondId: string, deviceIndex = 0): Promise<SignedBlob> {
  const ed = await testEd();
  const device = who.person.devices[deviceIndex] as Person['devices'][number];
  const doc = { v: 1, bondId, userId: who.person.identity.userId, deviceId: device.deviceId, at: Date.now() };
  return signBlob(ed, 'bond-end', doc, device.signSeed);
}

/** The inviter's side of `deriveBond`; its committed ephemeral key and nonce are read back from its own reveal. */
export async function inviterBondId(
  inv: InviterSecrets,
  responseBlob: Uint8Array,
  revealBlob: Uint8Array,
  peerEphemeralPub: Uint8Array,
): Promise<string> {
  const ed = await testEd();
  const invite = await openInvite(ed, inv.secret, inv.inviteBlob, inv.expiresAt - 1);
  if (!invite.ok) throw new Error(`openInvite: ${invite.reason}`);
  const reveal = await openReveal({ ed, secret: inv.secret, invite: invite.value, responseBlob, revealBlob });
  if (!reveal.ok) throw new Error(`openReveal: ${reveal.reason}`);
  return deriveBond({
    myEphemeralPriv: inv.ePriv,
    peerEphemeralPub,
    secret: inv.secret,
    inviteBlob: inv.inviteBlob,
    responseBlob,
    inviterEphemeralPub: fromBase64url(reveal.value.ePub),
    inviterNonce: fromBase64url(reveal.value.nonce),
  }).bondId;
}

export interface Bonding {
  inv: InviterSecrets;
  responseBlob: Uint8Array;
  revealBlob: Uint8Array;
  bondId: string;
}

/** Invite by `a`, answered by `b`, revealed by `a`: the bond exists and is pending. */
export async function pendingBond(url: string, a: Signed, b: Signed): Promise<Bonding> {
  const ed = await testEd();
  const inv = await postInvite(url, a);
  const view = await http(url, 'GET', ROUTES.invite(inv.inviteId), { token: b.token });
  const opened = await openInvite(ed, inv.secret, fromBase64url(view.json.blob), Date.now());
  if (!opened.ok) throw new Error(`openInvite: ${opened.reason}`);
  const resp = await makeResponse(b, inv);
  const r = await http(url, 'POST', ROUTES.inviteResponse(inv.inviteId), {
    token: b.token,
    json: { blob: toBase64url(resp.responseBlob) },
  });
  if (r.status !== 200) throw new Error(`response: ${r.status} ${JSON.stringify(r.json)}`);
  const pairings = await http(url, 'GET', ROUTES.pairings, { token: a.token });
  const mine = pairings.json.invites.find((i: { inviteId: string }) => i.inviteId === inv.inviteId);
  const responseBlob = fromBase64url(mine.response);
  const checked = await openResponse(ed, inv, responseBlob);
  if (!checked.ok) throw new Error(`openResponse: ${checked.reason}`);
  const revealBlob = await createReveal({
    ed,
    random,
    inviter: inv,
    device: a.person.devices[0] as Person['devices'][number],
    responseBlob,
  });
  const bondId = await inviterBondId(inv, responseBlob, revealBlob, fromBase64url(checked.value.doc.ePub));
  const confirm = await confirmDoc(a, bondId, inv.inviteId);
  const rv = await http(url, 'POST', ROUTES.inviteReveal(inv.inviteId), {
    token: a.token,
    json: { blob: toBase64url(revealBlob), confirm },
  });
  if (rv.status !== 201) throw new Error(`reveal: ${rv.status} ${JSON.stringify(rv.json)}`);
  return { inv, responseBlob, revealBlob, bondId };
}

/** The full pairing, ending with `b`'s confirmation: the bond is active. */
export async function activeBond(url: string, a: Signed, b: Signed): Promise<Bonding> {
  const bonding = await pendingBond(url, a, b);
  const confirm = await confirmDoc(b, bonding.bondId, bonding.inv.inviteId);
  const c = await http(url, 'POST', ROUTES.bondConfirm(bonding.bondId), { token: b.token, json: { confirm } });
  if (c.status !== 200) throw new Error(`confirm: ${c.status} ${JSON.stringify(c.json)}`);
  return bonding;
}
