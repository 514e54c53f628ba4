/**
 * Device lists (DESIGN §3). Registration is public: the identity's signature is the authorisation.
 * The relay checks the list with core `verifyDeviceList` (pinning the identity it already knows),
 * refuses a version ≤ the stored one (409 ROLLBACK), and stores the devices it certifies. A newer list
 * closes the sockets of the devices it drops (their sign-in then says AUTH_DEVICE_REPLACED) and tells the
 * identity's partners in every bond not ended (`devices-changed`), so they re-key to the new devices.
 */
import { API, EntwineError, verifyDeviceList } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { parseBody } from '../parse-body.ts';
import type { PluginOptions } from '../relay-state.ts';
import { enforce } from '../request-limits.ts';
import { bearerHook } from './auth.ts';

interface UserParams {
  userId: string;
}

export const devicesPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store } = relay;

  app.put<{ Params: UserParams }>('/:userId/devices', async (request) => {
    const { userId } = request.params;
    // Before any signature check: verifying is the expensive part, and anyone may call this.
    enforce(relay.requestRate.registration, request.ip, relay.clock.now(), 'ENTWINE_ERR_REGISTER_TOO_FAST');
    const { deviceList } = parseBody(API.putDevices, request.body);
    const stored = await store.getUser(userId);
    const pinned = stored ? { identityPub: stored.identityPub, seenVersion: stored.version } : {};
    const verified = await verifyDeviceList(relay.ed, deviceList, pinned);
    if (!verified.ok) {
      if (verified.reason === 'rollback') throw new EntwineError('ENTWINE_ERR_DEVICE_LIST_ROLLBACK');
      throw new EntwineError('ENTWINE_ERR_DEVICE_LIST_INVALID', verified.reason);
    }
    const { list } = verified;
    if (list.userId !== userId) throw new EntwineError('ENTWINE_ERR_DEVICE_LIST_INVALID', 'userId: does not match the address');
    const result = await store.putDeviceList({
      userId,
      identityPub: list.identityPub,
      version: list.version,
      deviceList,
      devices: list.devices.map((d) => ({ deviceId: d.deviceId, signPub: d.signPub })),
    });
    if (result.status === 'rollback') throw new EntwineError('ENTWINE_ERR_DEVICE_LIST_ROLLBACK');
    if (result.status === 'device-taken') {
      throw new EntwineError('ENTWINE_ERR_DEVICE_LIST_INVALID', 'a device in this list belongs to another identity');
    }
    for (const deviceId of result.removedDevices) relay.bus.publish(userId, { type: 'revoke', deviceId });
    // Partners learn that the list changed (not what is in it: they fetch it and check its signature).
    if (stored) {
      for (const bond of await store.listBonds(userId)) {
        if (bond.state === 'ended') continue;
        const partner = bond.userA === userId ? bond.userB : bond.userA;
        relay.bus.publish(partner, { type: 'event', event: { type: 'devices-changed', userId } });
      }
    }
    // `existed` tells the phrase's holder (only they can sign this list) whether a restore found an identity.
    return { userId, version: list.version, existed: stored !== undefined };
  });

  app.get<{ Params: UserParams }>('/:userId/devices', { onRequest: bearerHook(relay) }, async (request) => {
    const user = await store.getUser(request.params.userId);
    if (!user) throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND', 'no device list for this user');
    return { deviceList: user.deviceList };
  });
};
