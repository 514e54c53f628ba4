/**
 * Bonds: listing, the invitee's confirmation (the second yes activates), ending, and key
 * distributions. Guarantees:
 * - confirm: only member B, with a bond-confirm signed by its signed-in device naming this bond and
 *   invite; pending → active, and both members' sockets get `bond-active`;
 * - end: either member, with a signed bond-end; the store ends the bond, keeps that signed document and
 *   deletes its envelopes and key-dists in one transaction; then both members' sockets get `bond-ended`
 *   carrying the document, and the bonds list carries it too (for a member who was offline): clients
 *   act on an end only once they verified it themselves. Repeating it is a no-op for whoever ended it
 *   (200) and BOND_ENDED for the other side;
 * - key-dists are accepted only for an active bond, signed by the sending device, and pushed to both
 *   members' sockets except the sending device's own;
 * - read: a member device's read position in an active bond (decision 0014 §1) only moves up; the store
 *   deletes what every recipient device has read, and answers the missed count once;
 * - retention: a member sets their own retention for an active bond (0014 §4), never the other's; lowering
 *   deletes their older chunks of the bond before the answer;
 * - the list carries, per active bond, the calling device's missed count and both members' retention.
 */
import {
  bondConfirmSchema,
  bondEndSchema,
  DEFAULT_RETENTION_DAYS,
  EntwineError,
  keyDistSchema,
  type RetentionDays,
  ROUTE_TABLE,
  utcDayOf,
} from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { memberBond, refusalError, requireActive } from '../bond-access.ts';
import { publishToBond } from '../bus.ts';
import { parseBody } from '../parse-body.ts';
import type { PluginOptions } from '../relay-state.ts';
import { serve } from '../route-of.ts';
import { openSenderDoc, requireField } from '../signed-doc.ts';
import { bearerHook, senderOf } from './auth.ts';

export const bondsPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store, bus } = relay;
  app.addHook('onRequest', bearerHook(relay));

  /** Both members' retention for the bond by userId; a member who never chose has the default. */
  const retentionOf = async (bond: { bondId: string; userA: string; userB: string }) => {
    const chosen = await store.getRetention(bond.bondId);
    const of = (userId: string): RetentionDays => (chosen.has(userId) ? (chosen.get(userId) as RetentionDays) : DEFAULT_RETENTION_DAYS);
    return { [bond.userA]: of(bond.userA), [bond.userB]: of(bond.userB) };
  };

  serve(app, ROUTE_TABLE.bonds, async (request) => {
    const sender = senderOf(request);
    const missed = await store.missedFor(sender.deviceId);
    const bonds = await Promise.all(
      (await store.listBonds(sender.userId)).map(async (b) => ({
        bondId: b.bondId,
        inviteId: b.inviteId,
        state: b.state,
        members: [b.userA, b.userB],
        ...(b.end ? { end: b.end } : {}),
        ...(b.state === 'active' ? { missed: missed.get(b.bondId) ?? 0, retention: await retentionOf(b) } : {}),
      })),
    );
    return { bonds: relay.hooks?.onBondList ? await relay.hooks.onBondList(sender.userId, bonds) : bonds };
  });

  serve(app, ROUTE_TABLE.bondConfirm, async (request) => {
    const sender = senderOf(request);
    const { bondId } = request.params;
    const { confirm } = parseBody(ROUTE_TABLE.bondConfirm.request, request.body);
    const bond = await memberBond(relay, bondId, sender.userId);
    if (bond.state === 'ended') throw new EntwineError('ENTWINE_ERR_BOND_ENDED');
    // The inviter's yes came with the reveal; here only the invitee's is missing.
    if (sender.userId !== bond.userB) {
      if (bond.state === 'active') return { state: 'active' };
      throw new EntwineError('ENTWINE_ERR_BOND_PENDING', 'waiting for the other person to confirm');
    }
    const doc = await openSenderDoc(relay, 'bond-confirm', confirm, sender, bondConfirmSchema, 'confirm');
    requireField(doc.bondId === bondId, 'confirm.bondId', 'does not match the address');
    requireField(doc.inviteId === bond.inviteId, 'confirm.inviteId', "does not match this bond's invite");
    requireField(doc.userId === sender.userId, 'confirm.userId', 'is not the signed-in person');
    requireField(doc.deviceId === sender.deviceId, 'confirm.deviceId', 'is not the signed-in device');
    const result = await store.activateBond(bondId, confirm);
    if (result.status === 'not-found') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND');
    if (result.status === 'ended') throw new EntwineError('ENTWINE_ERR_BOND_ENDED');
    if (result.status === 'changed') publishToBond(bus, bond, { type: 'event', event: { type: 'bond-active', bondId } });
    return { state: 'active' };
  });

  serve(app, ROUTE_TABLE.bondEnd, async (request) => {
    const sender = senderOf(request);
    const { bondId } = request.params;
    const { end } = parseBody(ROUTE_TABLE.bondEnd.request, request.body);
    const bond = await memberBond(relay, bondId, sender.userId);
    const doc = await openSenderDoc(relay, 'bond-end', end, sender, bondEndSchema, 'end');
    requireField(doc.bondId === bondId, 'end.bondId', 'does not match the address');
    requireField(doc.userId === sender.userId, 'end.userId', 'is not the signed-in person');
    requireField(doc.deviceId === sender.deviceId, 'end.deviceId', 'is not the signed-in device');
    const result = await store.endBond(bondId, sender.userId, end);
    if (result.status === 'not-found' || result.status === 'ended') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND');
    if (result.status === 'changed') {
      publishToBond(bus, bond, { type: 'event', event: { type: 'bond-ended', bondId, by: sender.userId, end } });
      relay.log.info({ bondId }, 'bond ended');
    } else if (result.bond.endedBy !== sender.userId) {
      throw new EntwineError('ENTWINE_ERR_BOND_ENDED');
    }
    return { state: 'ended' };
  });

  serve(app, ROUTE_TABLE.postKeyDist, async (request, reply) => {
    const sender = senderOf(request);
    const { bondId } = request.params;
    const { keyDist } = parseBody(ROUTE_TABLE.postKeyDist.request, request.body);
    const bond = await memberBond(relay, bondId, sender.userId);
    requireActive(bond);
    if (!relay.rate.take(sender.deviceId, relay.clock.now())) throw new EntwineError('ENTWINE_ERR_RATE_LIMITED');
    const doc = await openSenderDoc(relay, 'key-dist', keyDist, sender, keyDistSchema, 'keyDist');
    requireField(doc.bondId === bondId, 'keyDist.bondId', 'does not match the address');
    requireField(doc.senderDevice === sender.deviceId, 'keyDist.senderDevice', 'is not the signed-in device');
    requireField(doc.senderUser === sender.userId, 'keyDist.senderUser', 'is not the signed-in person');
    const result = await store.putKeyDist({ bondId, senderDevice: sender.deviceId, epochId: doc.epochId, blob: keyDist });
    if (result.status === 'bond-pending') throw new EntwineError('ENTWINE_ERR_BOND_PENDING');
    if (result.status === 'bond-ended') throw new EntwineError('ENTWINE_ERR_BOND_ENDED');
    if (result.status === 'bond-missing') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND');
    if (result.status === 'duplicate') return reply.code(200).send({ status: 'duplicate' });
    const skip = { deviceId: sender.deviceId };
    publishToBond(bus, bond, { type: 'event', event: { type: 'key-dist', bondId, keyDist }, skip });
    return reply.code(201).send({ status: 'stored' });
  });

  serve(app, ROUTE_TABLE.keyDists, async (request) => {
    const sender = senderOf(request);
    const bond = await memberBond(relay, request.params.bondId, sender.userId);
    requireActive(bond);
    return { keyDists: await store.listKeyDists(bond.bondId) };
  });

  serve(app, ROUTE_TABLE.bondRead, async (request) => {
    const sender = senderOf(request);
    const { cursor } = parseBody(ROUTE_TABLE.bondRead.request, request.body);
    const bond = await memberBond(relay, request.params.bondId, sender.userId);
    requireActive(bond);
    if (!relay.rate.take(sender.deviceId, relay.clock.now())) throw new EntwineError('ENTWINE_ERR_RATE_LIMITED');
    const result = await store.markRead(bond.bondId, sender.deviceId, BigInt(cursor));
    if (result.status !== 'ok') throw refusalError(result.status);
    return { cursor: String(result.cursor), missed: result.missed };
  });

  serve(app, ROUTE_TABLE.bondRetention, async (request) => {
    const sender = senderOf(request);
    const { days } = parseBody(ROUTE_TABLE.bondRetention.request, request.body);
    const bond = await memberBond(relay, request.params.bondId, sender.userId);
    requireActive(bond);
    if (!relay.rate.take(sender.deviceId, relay.clock.now())) throw new EntwineError('ENTWINE_ERR_RATE_LIMITED');
    const result = await store.setRetention(bond.bondId, sender.userId, days, utcDayOf(relay.clock.now()));
    if (result.status !== 'set') throw refusalError(result.status);
    return { days };
  });
};
