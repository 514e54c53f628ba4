/** Converting between the persisted (base64url) form of keys and the byte form core works with. */
import { type DeviceKeys, fromBase64url, type IdentityKey, toBase64url, type VerifiedDeviceList } from '@entwine/core';
import type { DeviceState, PeerState } from './state.ts';

export function identityOf(state: DeviceState): IdentityKey {
  return { seed: fromBase64url(state.identity.seed), publicKey: fromBase64url(state.identity.publicKey), userId: state.identity.userId };
}

export function deviceOf(state: DeviceState): DeviceKeys {
  const d = state.device;
  return {
    deviceId: d.deviceId,
    signSeed: fromBase64url(d.signSeed),
    signPub: fromBase64url(d.signPub),
    dhPriv: fromBase64url(d.dhPriv),
    dhPub: fromBase64url(d.dhPub),
  };
}

export function peerFromList(name: string, list: VerifiedDeviceList): PeerState {
  return {
    userId: list.userId,
    name,
    identityPub: toBase64url(list.identityPub),
    deviceList: list.blob,
    deviceListVersion: list.version,
    devices: list.devices.map((d) => ({ deviceId: d.deviceId, signPub: toBase64url(d.signPub), dhPub: toBase64url(d.dhPub) })),
  };
}
