/**
 * Epoch keys for this device's sending direction of each bond, and ingestion of the keys others send
 * (DESIGN §5). A new epoch starts every 24 h, and never for an ended bond. Recipients are the partner's
 * devices and this user's other devices; every key distribution is signed by its sending device and
 * accepted only from a device on the sender's verified device list.
 */
import {
  deviceCertSchema,
  deviceListSchema,
  emptyReplayState,
  fromBase64url,
  keyDistSchema,
  newEpoch,
  openKeyDist,
  peekBlob,
  type SignedBlob,
  sealKeyDist,
  toBase64url,
  type VerifiedDevice,
} from '@entwine/core';
import type { ReadCtx } from './context.ts';
import { deviceOf } from './keys.ts';
import type { PartCtx } from './parts/owners.ts';
import type { BondState, PeerState, SendingEpoch } from './state.ts';
import { changes } from './store/records.ts';

export const EPOCH_LIFETIME_MS = 24 * 60 * 60 * 1000;

const asVerified = (d: PeerState['devices'][number]): VerifiedDevice => ({
  deviceId: d.deviceId,
  signPub: fromBase64url(d.signPub),
  dhPub: fromBase64url(d.dhPub),
});

/** This user's own devices other than this one, from the device list this device signed. */
function ownOtherDevices(ctx: ReadCtx): PeerState['devices'] {
  return ownDevices(ctx).filter((d) => d.deviceId !== ctx.state.device.deviceId);
}

export function ownDevices(ctx: ReadCtx): PeerState['devices'] {
  // This device signed the list itself, so reading it without re-verifying is safe.
  const list = peekBlob(ctx.state.deviceList.blob, deviceListSchema);
  const certs = (list?.devices ?? []).map((c) => peekBlob(c, deviceCertSchema));
  return certs.flatMap((c) => (c ? [{ deviceId: c.deviceId, signPub: c.signPub, dhPub: c.dhPub }] : []));
}

/** Returns the current sending epoch for a bond, starting (and distributing) a new one when due. */
export async function sendingEpoch(ctx: PartCtx<'publisher'>, bond: BondState): Promise<SendingEpoch> {
  const now = ctx.deps.clock.now();
  const current = bond.sending;
  if (current?.distributed && !current.retired && now - current.createdAt < EPOCH_LIFETIME_MS) return current;
  const epoch =
    current && !current.distributed && !current.retired && now - current.createdAt < EPOCH_LIFETIME_MS
      ? { bondId: bond.bondId, epochId: current.epochId, senderDevice: ctx.state.device.deviceId, key: fromBase64url(current.key) }
      : newEpoch(ctx.deps.random, bond.bondId, ctx.state.device.deviceId);
  const sending: SendingEpoch =
    current?.epochId === epoch.epochId
      ? current
      : {
          epochId: epoch.epochId,
          key: toBase64url(epoch.key),
          nextSeq: '0',
          createdAt: now,
          distributed: false,
          // The next in this device's sequence of epochs: receivers order epochs by it, not by a clock.
          index: current ? (current.index ?? -1) + 1 : 0,
        };
  bond.sending = sending;
  await ctx.save(changes.sending(bond.bondId));
  const recipients = [...bond.peer.devices, ...ownOtherDevices(ctx)].map(asVerified);
  const blob = await sealKeyDist({
    ed: ctx.deps.ed,
    suite: ctx.suite,
    epoch,
    sender: deviceOf(ctx.state),
    senderUser: ctx.state.identity.userId,
    recipients,
    // When the epoch began, also when its distribution is sent again (a failed post is retried on a later tick):
    // receivers and the 24 h rotation count from the same instant.
    createdAt: sending.createdAt,
    ...(sending.index !== undefined ? { index: sending.index } : {}),
  });
  await ctx.api.postKeyDist(bond.bondId, blob);
  sending.distributed = true;
  await ctx.save(changes.sending(bond.bondId));
  return sending;
}

/** Opens a key distribution meant for this device; ignores ones from unknown devices or not for us. */
export async function ingestKeyDist(ctx: PartCtx<'receiver'>, bond: BondState, blob: SignedBlob): Promise<boolean> {
  const doc = peekBlob(blob, keyDistSchema);
  if (!doc || doc.bondId !== bond.bondId) return false;
  // A partner's retired device's keys still open what it sent before it was dropped (`peer-devices.ts`).
  const sender = [...bond.peer.devices, ...(bond.peer.retiredDevices ?? []), ...ownOtherDevices(ctx)].find(
    (d) => d.deviceId === doc.senderDevice,
  );
  if (!sender) return false;
  const slot = `${doc.senderDevice}/${doc.epochId}`;
  if (bond.receiving[slot]) return true;
  const opened = await openKeyDist({
    ed: ctx.deps.ed,
    suite: ctx.suite,
    blob,
    senderSignPub: fromBase64url(sender.signPub),
    me: deviceOf(ctx.state),
  });
  if (!opened || opened.bondId !== bond.bondId) return false;
  bond.receiving[slot] = {
    key: toBase64url(opened.key),
    replay: emptyReplayState(),
    ...(opened.index !== undefined ? { index: opened.index } : {}),
  };
  ctx.mark(changes.receiving(bond.bondId));
  return true;
}

/** Fetches every key distribution of a bond from the relay. */
export async function refreshKeys(ctx: PartCtx<'receiver'>, bond: BondState): Promise<void> {
  for (const blob of await ctx.api.keyDists(bond.bondId)) await ingestKeyDist(ctx, bond, blob);
}
