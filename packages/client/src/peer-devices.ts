/**
 * A partner's new device list (DESIGN §3), e.g. after they restored their identity on another device. The
 * relay only says *that* it changed (`devices-changed`); the list itself is fetched and checked here against
 * the identity key pinned at pairing (so the relay cannot slip in a device of its own) and against the version
 * already seen (no rollback). A newer list replaces the partner's devices and ends this device's sending epoch
 * for the bond, so the next message starts an epoch sealed to the partner's devices as they are now. The
 * identity is the same, so the safety number does not change.
 */
import { fromBase64url, verifyDeviceList } from '@entwine/core';
import { peerFromList } from './keys.ts';
import type { PartCtx } from './parts/owners.ts';
import type { BondState } from './state.ts';
import { changes } from './store/records.ts';

/** Fetches and applies one partner's device list to every bond with them; returns the bonds it changed. */
export async function refreshPeerDevices(
  ctx: PartCtx<'pairing'>,
  userId: string,
  /** Ends this device's sending epoch for the bond (the publisher's record). */
  retireSending: (bond: BondState) => void,
): Promise<BondState[]> {
  const bonds = Object.values(ctx.state.bonds).filter((b) => b.peer.userId === userId && (b.status === 'active' || b.status === 'pending'));
  const first = bonds[0];
  if (!first) return [];
  const { deviceList } = await ctx.api.getDevices(userId);
  const changed: BondState[] = [];
  for (const bond of bonds) {
    const verified = await verifyDeviceList(ctx.deps.ed, deviceList, {
      identityPub: fromBase64url(bond.peer.identityPub),
      seenVersion: bond.peer.deviceListVersion,
    });
    if (!verified.ok) continue; // not newer (already applied, or a rollback) or not signed by their identity
    const before = new Set(bond.peer.devices.map((d) => d.deviceId));
    const next = peerFromList(bond.peer.name, verified.list);
    const kept = new Set(next.devices.map((d) => d.deviceId));
    // Their dropped devices stay readable for what they already sent (a backlog not yet read), nothing more.
    const retired = [...(bond.peer.retiredDevices ?? []), ...bond.peer.devices].filter((d) => !kept.has(d.deviceId));
    bond.peer = { ...next, ...(retired.length > 0 ? { retiredDevices: retired.slice(-8) } : {}) };
    ctx.mark(changes.bond(bond.bondId));
    if (bond.peer.devices.some((d) => !before.has(d.deviceId)) || bond.peer.devices.length !== before.size) {
      // The next message starts an epoch sealed to the devices they have now.
      retireSending(bond);
      bond.peerDevicesChangedAt = ctx.deps.clock.now();
      changed.push(bond);
    }
  }
  return changed;
}
