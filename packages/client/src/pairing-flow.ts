/**
 * The bonding ceremony from this device's side (core `crypto/pairing.ts` has the cryptography).
 * Guarantees: nothing is bonded without two explicit yeses — the invitee's `accept` and the inviter's
 * `confirm`; the inviter sees the SAS and the safety number on the request, before her yes; every new
 * bond starts `unchecked` on each side (held at nothing until that person says the numbers match or
 * skips the check); a response or reveal that fails a signature or the commitment is recorded as failed
 * and never becomes a bond; ephemeral pairing keys are deleted as soon as the bond is derived.
 */
import {
  type BondConfirm,
  createInvite,
  createReveal,
  deriveBond,
  EntwineError,
  fromBase64url,
  type InviterSecrets,
  inviteLink,
  type OpenedInvite,
  openInvite,
  openResponse,
  openReveal,
  parseInviteLink,
  respondToInvite,
  type ShieldChoice,
  safetyNumber,
  shieldPolicy,
  signBlob,
  toBase64url,
  verifyDeviceList,
} from '@entwine/core';
import { x25519 } from '@noble/curves/ed25519.js';
import type { ReadCtx } from './context.ts';
import { deviceOf, identityOf, peerFromList } from './keys.ts';
import type { PartCtx } from './parts/owners.ts';
import { checkShieldChoice } from './parts/shields.ts';
import { RelayError } from './relay-api.ts';
import type { BondState, BondVerification, InviteState, PeerState, RequestState } from './state.ts';
import { changes } from './store/records.ts';
import { emptyView } from './view.ts';

export const DEFAULT_INVITE_TTL_MS = 24 * 60 * 60 * 1000;

export function safetyNumberWith(ctx: ReadCtx, peer: { identityPub: string; userId: string }): string {
  return safetyNumber(
    { key: fromBase64url(ctx.state.identity.publicKey), stableId: fromBase64url(ctx.state.identity.userId) },
    { key: fromBase64url(peer.identityPub), stableId: fromBase64url(peer.userId) },
  );
}

export async function makeInvite(
  ctx: PartCtx<'pairing'>,
  ttlMs = DEFAULT_INVITE_TTL_MS,
): Promise<{ link: string; inviteId: string; expiresAt: number }> {
  const inv = createInvite({
    random: ctx.deps.random,
    identity: identityOf(ctx.state),
    deviceList: ctx.state.deviceList.blob,
    name: ctx.state.name,
    now: ctx.deps.clock.now(),
    ttlMs,
  });
  ctx.state.invites[inv.inviteId] = {
    inviteId: inv.inviteId,
    secret: toBase64url(inv.secret),
    ePriv: toBase64url(inv.ePriv),
    nonce: toBase64url(inv.nonce),
    inviteBlob: toBase64url(inv.inviteBlob),
    expiresAt: inv.expiresAt,
    status: 'open',
  };
  await ctx.save(changes.invite(inv.inviteId));
  await ctx.api.createInvite(inv.inviteId, inv.inviteBlob, inv.expiresAt);
  return { link: inviteLink(ctx.api.origin, inv.inviteId, inv.secret), inviteId: inv.inviteId, expiresAt: inv.expiresAt };
}

async function fetchInvite(
  ctx: PartCtx<'pairing'>,
  link: string,
): Promise<{ secret: Uint8Array; inviteId: string; blob: Uint8Array; opened: OpenedInvite }> {
  const parsed = parseInviteLink(link);
  if (!parsed) throw new EntwineError('ENTWINE_ERR_INVITE_NOT_FOUND', 'this is not an Entwine invite link');
  const view = await ctx.api.getInvite(parsed.inviteId);
  if (view.state === 'expired') throw new EntwineError('ENTWINE_ERR_INVITE_EXPIRED');
  if (view.state === 'declined') throw new EntwineError('ENTWINE_ERR_INVITE_DECLINED');
  if (view.state !== 'open') throw new EntwineError('ENTWINE_ERR_INVITE_USED');
  const blob = fromBase64url(view.blob);
  const opened = await openInvite(ctx.deps.ed, parsed.secret, blob, ctx.deps.clock.now());
  if (!opened.ok) {
    const code = opened.reason === 'expired' ? 'ENTWINE_ERR_INVITE_EXPIRED' : 'ENTWINE_ERR_INVITE_NOT_FOUND';
    throw new EntwineError(code, `it could not be opened: ${opened.reason}`);
  }
  if (opened.value.inviter.userId === ctx.state.identity.userId) {
    throw new EntwineError('ENTWINE_ERR_INVITE_OWN');
  }
  return { secret: parsed.secret, inviteId: parsed.inviteId, blob, opened: opened.value };
}

/** What the invitee sees before saying yes: who invites, and the safety number they will share. */
export async function previewInvite(
  ctx: PartCtx<'pairing'>,
  link: string,
): Promise<{ inviteId: string; name: string; safetyNumber: string; expiresAt: number }> {
  const { inviteId, opened } = await fetchInvite(ctx, link);
  const name = opened.doc.name;
  return {
    inviteId,
    name,
    safetyNumber: safetyNumberWith(ctx, { identityPub: opened.doc.identityPub, userId: opened.inviter.userId }),
    expiresAt: opened.doc.expiresAt,
  };
}

/** The invitee's yes: answers the invite. The bond exists only once the inviter says yes too. */
export async function acceptInvite(
  ctx: PartCtx<'pairing'>,
  link: string,
  choice: ShieldChoice = {},
): Promise<{ inviteId: string; name: string }> {
  checkShieldChoice(choice); // refuses a level a facet does not have before anything is sent
  const { secret, inviteId, blob, opened } = await fetchInvite(ctx, link);
  const resp = await respondToInvite({
    ed: ctx.deps.ed,
    random: ctx.deps.random,
    secret,
    inviteBlob: blob,
    identity: identityOf(ctx.state),
    device: deviceOf(ctx.state),
    deviceList: ctx.state.deviceList.blob,
    name: ctx.state.name,
  });
  ctx.state.requests[inviteId] = {
    inviteId,
    secret: toBase64url(secret),
    ePriv: toBase64url(resp.ePriv),
    inviteBlob: toBase64url(blob),
    responseBlob: toBase64url(resp.responseBlob),
    inviter: peerFromList(opened.doc.name, opened.inviter),
    commit: opened.doc.commit,
    status: 'asked',
    shieldChoice: { ...choice },
  };
  await ctx.save(changes.request(inviteId));
  await ctx.api.respond(inviteId, resp.responseBlob);
  return { inviteId, name: opened.doc.name };
}

function inviterSecrets(inv: InviteState): InviterSecrets {
  return {
    secret: fromBase64url(inv.secret),
    inviteId: inv.inviteId,
    ePriv: fromBase64url(inv.ePriv),
    nonce: fromBase64url(inv.nonce),
    inviteBlob: fromBase64url(inv.inviteBlob),
    expiresAt: inv.expiresAt,
  };
}

/** Finds an invite by the responder's name or by its id, among those waiting for this person's yes. */
export function findRequest(ctx: PartCtx<'pairing'>, who: string): InviteState | undefined {
  const waiting = Object.values(ctx.state.invites).filter((i) => i.status === 'responded' && i.request);
  return waiting.find((i) => i.inviteId === who) ?? waiting.find((i) => i.request?.name.toLowerCase() === who.toLowerCase());
}

/** What a person says about the numbers: they match, or they go on without comparing (not verified). */
export type NumbersCheck = 'match' | 'skip';

export const verificationOf = (check: NumbersCheck | undefined): BondVerification =>
  check === 'match' ? 'match' : check === 'skip' ? 'skipped' : 'unchecked';

/**
 * The inviter's side of the bond derivation, from a verified response: she holds her ephemeral key and
 * commitment nonce, and the response carries the responder's key, so the SAS is known before her yes.
 */
function inviterDerive(secrets: InviterSecrets, responseBlob: Uint8Array, responderEphemeralPub: string) {
  return deriveBond({
    myEphemeralPriv: secrets.ePriv,
    peerEphemeralPub: fromBase64url(responderEphemeralPub),
    secret: secrets.secret,
    inviteBlob: secrets.inviteBlob,
    responseBlob,
    inviterEphemeralPub: x25519.getPublicKey(secrets.ePriv),
    inviterNonce: secrets.nonce,
  });
}

/** Records a verified response with the numbers to compare; an unverifiable one is dropped as declined. */
async function recordResponse(ctx: PartCtx<'pairing'>, mine: InviteState, responseB64: string): Promise<boolean> {
  const secrets = inviterSecrets(mine);
  const responseBlob = fromBase64url(responseB64);
  const opened = await openResponse(ctx.deps.ed, secrets, responseBlob);
  if (!opened.ok) {
    mine.status = 'declined';
    ctx.emit({ type: 'pairing-failed', inviteId: mine.inviteId, name: '(unknown)', reason: opened.reason });
    return false;
  }
  const { doc, invitee } = opened.value;
  mine.status = 'responded';
  mine.request = {
    name: doc.name,
    userId: invitee.userId,
    responseBlob: responseB64,
    sas: inviterDerive(secrets, responseBlob, doc.ePub).sas,
    safetyNumber: safetyNumberWith(ctx, { identityPub: doc.identityPub, userId: invitee.userId }),
  };
  return true;
}

function signConfirm(ctx: PartCtx<'pairing'>, bondId: string, inviteId: string) {
  const doc: BondConfirm = {
    v: 1,
    bondId,
    inviteId,
    userId: ctx.state.identity.userId,
    deviceId: ctx.state.device.deviceId,
    at: ctx.deps.clock.now(),
  };
  return signBlob(ctx.deps.ed, 'bond-confirm', doc, fromBase64url(ctx.state.device.signSeed));
}

function newBond(
  ctx: PartCtx<'pairing'>,
  args: {
    bondId: string;
    inviteId: string;
    role: 'inviter' | 'invitee';
    peer: PeerState;
    sas: string;
    choice: ShieldChoice;
    verification: BondVerification;
  },
): BondState {
  return {
    bondId: args.bondId,
    inviteId: args.inviteId,
    role: args.role,
    status: 'pending',
    peer: args.peer,
    sas: args.sas,
    safetyNumber: safetyNumberWith(ctx, args.peer),
    verification: args.verification,
    receiving: {},
    cursor: '0',
    shield: shieldPolicy(args.choice),
    sentView: emptyView(),
    receivedView: emptyView(),
  };
}

/**
 * The inviter's yes: reveals the committed key, derives the bond and signs its confirmation. `check` is
 * what she said about the numbers on the request; without it the bond is held at nothing until she does.
 */
export async function confirmRequest(
  ctx: PartCtx<'pairing'>,
  inv: InviteState,
  choice: ShieldChoice = {},
  check?: NumbersCheck,
): Promise<BondState> {
  checkShieldChoice(choice);
  const secrets = inviterSecrets(inv);
  const responseBlob = fromBase64url(inv.request?.responseBlob ?? '');
  const opened = await openResponse(ctx.deps.ed, secrets, responseBlob);
  if (!opened.ok) throw new EntwineError('ENTWINE_ERR_INVITE_STATE', `the response could not be verified: ${opened.reason}`);
  const reveal = await createReveal({
    ed: ctx.deps.ed,
    random: ctx.deps.random,
    inviter: secrets,
    device: deviceOf(ctx.state),
    responseBlob,
  });
  const derived = inviterDerive(secrets, responseBlob, opened.value.doc.ePub);
  const bond = newBond(ctx, {
    bondId: derived.bondId,
    inviteId: inv.inviteId,
    role: 'inviter',
    peer: peerFromList(opened.value.doc.name, opened.value.invitee),
    sas: derived.sas,
    choice,
    verification: verificationOf(check),
  });
  await ctx.api.reveal(inv.inviteId, reveal, await signConfirm(ctx, derived.bondId, inv.inviteId));
  ctx.state.bonds[bond.bondId] = bond;
  delete ctx.state.invites[inv.inviteId]; // the ephemeral key and invite secret are no longer needed
  await ctx.save(changes.bondAll(bond.bondId), changes.invite(inv.inviteId));
  return bond;
}

export async function declineRequest(ctx: PartCtx<'pairing'>, inv: InviteState): Promise<void> {
  await ctx.api.decline(inv.inviteId);
  delete ctx.state.invites[inv.inviteId];
  await ctx.save(changes.invite(inv.inviteId));
}

/** The invitee's side of a reveal: checks it, derives the bond and sends the second confirmation. */
async function completeRequest(ctx: PartCtx<'pairing'>, req: RequestState, revealB64: string): Promise<void> {
  const secret = fromBase64url(req.secret);
  const inviteBlob = fromBase64url(req.inviteBlob);
  const responseBlob = fromBase64url(req.responseBlob);
  const revealBlob = fromBase64url(revealB64);
  const inviterList = await verifyDeviceList(ctx.deps.ed, req.inviter.deviceList, { identityPub: fromBase64url(req.inviter.identityPub) });
  if (!inviterList.ok) return failRequest(ctx, req, inviterList.reason);
  const invite: OpenedInvite = {
    doc: {
      v: 1,
      inviteId: req.inviteId,
      name: req.inviter.name,
      identityPub: req.inviter.identityPub,
      deviceList: req.inviter.deviceList,
      commit: req.commit,
      expiresAt: 0,
    },
    inviter: inviterList.list,
  };
  const checked = await openReveal({ ed: ctx.deps.ed, secret, invite, responseBlob, revealBlob });
  if (!checked.ok) return failRequest(ctx, req, checked.reason);
  const derived = deriveBond({
    myEphemeralPriv: fromBase64url(req.ePriv),
    peerEphemeralPub: fromBase64url(checked.value.ePub),
    secret,
    inviteBlob,
    responseBlob,
    inviterEphemeralPub: fromBase64url(checked.value.ePub),
    inviterNonce: fromBase64url(checked.value.nonce),
  });
  const bond = newBond(ctx, {
    bondId: derived.bondId,
    inviteId: req.inviteId,
    role: 'invitee',
    peer: req.inviter,
    sas: derived.sas,
    choice: req.shieldChoice ?? {},
    verification: 'unchecked', // the invitee sees the numbers only now: held until they compare them
  });
  ctx.state.bonds[bond.bondId] = bond;
  req.status = 'bonded';
  req.secret = '';
  req.ePriv = '';
  await ctx.save(changes.bondAll(bond.bondId), changes.request(req.inviteId));
  await sendInviteeConfirm(ctx, bond);
  ctx.emit({ type: 'bond-pending', bondId: bond.bondId, name: bond.peer.name });
}

/**
 * The invitee's signed confirmation. Sent once the reveal checked out, and again on later syncs while the
 * bond is still pending (a relay that was unreachable, or refused it, gets another chance; the bond stays
 * visible as pending with its SAS meanwhile, so the people can compare it).
 */
export async function sendInviteeConfirm(ctx: PartCtx<'pairing'>, bond: BondState): Promise<void> {
  try {
    await ctx.api.confirm(bond.bondId, await signConfirm(ctx, bond.bondId, bond.inviteId));
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    bond.failure = error.code;
    ctx.mark(changes.bond(bond.bondId));
  }
}

async function failRequest(ctx: PartCtx<'pairing'>, req: RequestState, reason: string): Promise<void> {
  req.status = 'failed';
  req.failure = reason;
  req.secret = '';
  req.ePriv = '';
  await ctx.save(changes.request(req.inviteId));
  ctx.emit({ type: 'pairing-failed', inviteId: req.inviteId, name: req.inviter.name, reason });
}

/**
 * Brings pairing and bond state up to date with the relay: records verified responses (inviter),
 * completes revealed invites (invitee), and follows bonds becoming active or ending.
 */
export async function syncPairings(ctx: PartCtx<'pairing'>): Promise<void> {
  const { invites } = await ctx.api.pairings();
  for (const p of invites) {
    const mine = ctx.state.invites[p.inviteId];
    if (p.role === 'inviter' && mine) {
      // A request recorded before the numbers were shown on it gets them now.
      if (p.state === 'responded' && p.response && (!mine.request || mine.request.sas === undefined)) {
        const known = mine.request !== undefined;
        ctx.mark(changes.invite(p.inviteId));
        if (!(await recordResponse(ctx, mine, p.response))) continue;
        if (!known) ctx.emit({ type: 'pairing-request', inviteId: p.inviteId, name: mine.request?.name ?? '' });
      } else if (p.state === 'expired' && mine.status === 'open') {
        delete ctx.state.invites[p.inviteId];
        ctx.mark(changes.invite(p.inviteId));
      }
    }
    const req = ctx.state.requests[p.inviteId];
    if (p.role === 'invitee' && req?.status === 'asked') {
      if (p.state === 'revealed' && p.reveal) await completeRequest(ctx, req, p.reveal);
      else if (p.state === 'declined') {
        req.status = 'declined';
        ctx.mark(changes.request(p.inviteId));
        req.secret = '';
        req.ePriv = '';
        ctx.emit({ type: 'pairing-declined', inviteId: p.inviteId, name: req.inviter.name });
      }
    }
  }
  await ctx.save();
}
