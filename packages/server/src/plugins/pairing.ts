/**
 * Pairing (DESIGN §4) as the relay sees it: opaque sealed blobs moved between two people, and a state
 * machine it enforces (store `revealInvite` etc. are atomic):
 *   create (creator = session user, expiry capped) → response (anyone else, once, before expiry)
 *   → reveal (creator only, with its signed bond-confirm; creates the PENDING bond) | decline (creator).
 * Each step is pushed to the other side's sockets. Test hooks may replace the invite/response/reveal blobs
 * to play a key-swapping relay; clients must then detect it (commitment, signatures, SAS).
 */
import { bondConfirmSchema, EntwineError, type ErrorCode, fromBase64url, ROUTE_TABLE, toBase64url } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { parseBody } from '../parse-body.ts';
import type { HookResult } from '../relay-options.ts';
import type { PluginOptions } from '../relay-state.ts';
import { enforce } from '../request-limits.ts';
import { serve } from '../route-of.ts';
import { openSenderDoc, requireField } from '../signed-doc.ts';
import type { InviteRecord, InviteRefusal } from '../store/store.ts';
import { bearerHook, senderOf } from './auth.ts';

const REFUSALS: Record<InviteRefusal, ErrorCode> = {
  'not-found': 'ENTWINE_ERR_INVITE_NOT_FOUND',
  expired: 'ENTWINE_ERR_INVITE_EXPIRED',
  used: 'ENTWINE_ERR_INVITE_USED',
  declined: 'ENTWINE_ERR_INVITE_DECLINED',
  'own-invite': 'ENTWINE_ERR_INVITE_OWN',
  'not-creator': 'ENTWINE_ERR_INVITE_NOT_YOURS',
  'wrong-state': 'ENTWINE_ERR_INVITE_STATE',
  'bond-exists': 'ENTWINE_ERR_BOND_EXISTS',
};

const refuse = (reason: InviteRefusal) => new EntwineError(REFUSALS[reason]);

/** Runs a test hook over a base64url blob; without the hook the blob passes untouched. */
async function rewrite(blob: string, hook: ((bytes: Uint8Array) => HookResult) | undefined): Promise<string> {
  return hook ? toBase64url(await hook(fromBase64url(blob))) : blob;
}

/** What a client sees: an open invite past its expiry reads as `expired`. */
const viewState = (invite: InviteRecord, now: number) => (invite.state === 'open' && invite.expiresAt <= now ? 'expired' : invite.state);

export const pairingPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store, bus, hooks } = relay;
  app.addHook('onRequest', bearerHook(relay));

  serve(app, ROUTE_TABLE.createInvite, async (request, reply) => {
    const sender = senderOf(request);
    const body = parseBody(ROUTE_TABLE.createInvite.request, request.body);
    const now = relay.clock.now();
    enforce(relay.requestRate.invite, sender.userId, now, 'ENTWINE_ERR_INVITE_TOO_FAST');
    const expiresAt = Math.min(body.expiresAt, now + relay.limits.inviteTtlCapMs);
    if (expiresAt <= now) throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'body.expiresAt: must be in the future');
    const created = await store.createInvite({
      inviteId: body.inviteId,
      creatorUser: sender.userId,
      creatorDevice: sender.deviceId,
      blob: body.blob,
      expiresAt,
    });
    if (created === 'exists') throw new EntwineError('ENTWINE_ERR_INVITE_USED');
    return reply.code(201).send({ inviteId: body.inviteId, expiresAt });
  });

  serve(app, ROUTE_TABLE.getInvite, async (request) => {
    const invite = await store.getInvite(request.params.inviteId);
    if (!invite) throw new EntwineError('ENTWINE_ERR_INVITE_NOT_FOUND');
    // The bond it made has ended and its blob is wiped: to the link's holder it is simply used (saying
    // "ended" would tell anyone holding an old link that the two parted).
    if (invite.blob === '') throw new EntwineError('ENTWINE_ERR_INVITE_USED');
    const hook = hooks?.onInviteFetch;
    const blob = await rewrite(invite.blob, hook && ((b) => hook(invite.inviteId, b)));
    return { inviteId: invite.inviteId, blob, expiresAt: invite.expiresAt, state: viewState(invite, relay.clock.now()) };
  });

  serve(app, ROUTE_TABLE.inviteResponse, async (request) => {
    const sender = senderOf(request);
    const { inviteId } = request.params;
    const { blob } = parseBody(ROUTE_TABLE.inviteResponse.request, request.body);
    const hook = hooks?.onPairingResponse;
    const response = await rewrite(blob, hook && ((b) => hook(inviteId, b)));
    const answer = { responderUser: sender.userId, responderDevice: sender.deviceId, response };
    const result = await store.respondToInvite(inviteId, answer, relay.clock.now());
    if (!result.ok) throw refuse(result.reason);
    bus.publish(result.invite.creatorUser, { type: 'event', event: { type: 'invite-response', inviteId } });
    return { state: result.invite.state };
  });

  serve(app, ROUTE_TABLE.inviteDecline, async (request) => {
    const sender = senderOf(request);
    const { inviteId } = request.params;
    const result = await store.declineInvite(inviteId, sender.userId);
    if (!result.ok) throw refuse(result.reason);
    const responder = result.invite.responderUser;
    if (result.changed && responder) bus.publish(responder, { type: 'event', event: { type: 'invite-declined', inviteId } });
    return { state: result.invite.state };
  });

  serve(app, ROUTE_TABLE.inviteReveal, async (request, reply) => {
    const sender = senderOf(request);
    const { inviteId } = request.params;
    const body = parseBody(ROUTE_TABLE.inviteReveal.request, request.body);
    const invite = await store.getInvite(inviteId);
    if (!invite) throw refuse('not-found');
    if (invite.creatorUser !== sender.userId) throw refuse('not-creator');
    if (invite.state === 'declined') throw refuse('declined');
    if (invite.state !== 'responded' || !invite.responderUser) throw refuse('wrong-state');
    const confirm = await openSenderDoc(relay, 'bond-confirm', body.confirm, sender, bondConfirmSchema, 'confirm');
    requireField(confirm.userId === sender.userId, 'confirm.userId', 'is not the signed-in person');
    requireField(confirm.deviceId === sender.deviceId, 'confirm.deviceId', 'is not the signed-in device');
    requireField(confirm.inviteId === inviteId, 'confirm.inviteId', 'does not match this invite');
    const hook = hooks?.onPairingReveal;
    const reveal = await rewrite(body.blob, hook && ((b) => hook(inviteId, b)));
    const bond = { bondId: confirm.bondId, inviteId, userA: invite.creatorUser, userB: invite.responderUser, confirmA: body.confirm };
    const result = await store.revealInvite(inviteId, sender.userId, reveal, bond);
    if (!result.ok) throw refuse(result.reason);
    bus.publish(invite.responderUser, { type: 'event', event: { type: 'invite-reveal', inviteId } });
    return reply.code(201).send({ bondId: confirm.bondId, state: 'pending' });
  });

  serve(app, ROUTE_TABLE.pairings, async (request) => {
    const sender = senderOf(request);
    const now = relay.clock.now();
    const invites = (await store.listPairings(sender.userId)).map((invite) => {
      const inviter = invite.creatorUser === sender.userId;
      return {
        inviteId: invite.inviteId,
        role: inviter ? ('inviter' as const) : ('invitee' as const),
        state: viewState(invite, now),
        expiresAt: invite.expiresAt,
        ...(inviter && invite.response ? { response: invite.response } : {}),
        ...(!inviter && invite.reveal ? { reveal: invite.reveal } : {}),
        ...(invite.bondId ? { bondId: invite.bondId } : {}),
      };
    });
    return { invites };
  });
};
