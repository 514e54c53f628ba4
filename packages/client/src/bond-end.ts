/**
 * A bond's end, as this device learns of it, and what is left of the bond afterwards.
 *
 * Guarantees:
 * - only a `bond-end` signed by a device of a member ends a bond here: the partner's devices from the
 *   device list verified at pairing, or this user's own devices; it must name this bond and the person
 *   whose device signed it. Who ended the bond is read from that document, never from the relay's `by`;
 * - anything else the relay says — no document, a bad signature, another bond's end, a key not on the
 *   signer's list, one person's device speaking for the other — is a relay fault: the bond is kept and
 *   the fault is reported, never shown as the partner's choice;
 * - an ended bond is replaced by a tombstone that holds the partner's display name, who ended it and
 *   when, and nothing received in the bond (no thoughts, glances, photos, feelings, positions, marks,
 *   keys, device lists or safety numbers). The name stays so the person can tell which bond ended.
 */
import { bondEndSchema, fromBase64url, openBlob, peekBlob, type SignedBlob, shieldPolicy } from '@entwine/core';
import type { ReadCtx } from './context.ts';
import { ownDevices } from './epochs.ts';
import type { BondState, DeviceState } from './state.ts';
import { emptyView } from './view.ts';

/** Why an end the relay reported was not believed. */
export const END_FAULTS = {
  /** The relay said the bond ended but gave no signed document. */
  unsigned: 'unsigned-end',
  /** A document was given, but it is not a valid end of this bond signed by a member's device. */
  forged: 'forged-end',
} as const;
export type EndFault = (typeof END_FAULTS)[keyof typeof END_FAULTS];

export type EndVerdict = { ok: true; by: 'me' | 'peer'; at: number } | { ok: false; reason: EndFault };

/** Checks a bond-end the relay handed over (with a `bond-ended` event or in the bonds list). */
export async function verifyBondEnd(ctx: ReadCtx, bond: BondState, end: SignedBlob | undefined): Promise<EndVerdict> {
  if (!end) return { ok: false, reason: END_FAULTS.unsigned };
  const claimed = peekBlob(end, bondEndSchema);
  if (!claimed || claimed.bondId !== bond.bondId) return { ok: false, reason: END_FAULTS.forged };
  const mine = claimed.userId === ctx.state.identity.userId;
  if (!mine && claimed.userId !== bond.peer.userId) return { ok: false, reason: END_FAULTS.forged };
  const signer = (mine ? ownDevices(ctx) : bond.peer.devices).find((d) => d.deviceId === claimed.deviceId);
  if (!signer) return { ok: false, reason: END_FAULTS.forged };
  const doc = await openBlob(ctx.deps.ed, 'bond-end', end, fromBase64url(signer.signPub), bondEndSchema);
  if (!doc || doc.bondId !== bond.bondId || doc.userId !== claimed.userId || doc.deviceId !== signer.deviceId) {
    return { ok: false, reason: END_FAULTS.forged };
  }
  return { ok: true, by: mine ? 'me' : 'peer', at: doc.at };
}

/**
 * What an ended bond leaves: a tombstone built field by field (not a copy with fields removed), so a field
 * added to BondState later is forgotten by default. The pairing records it came from go too.
 */
export function tombstoneOf(bond: BondState, by: 'me' | 'peer', at: number | undefined): BondState {
  return {
    bondId: bond.bondId,
    inviteId: bond.inviteId,
    role: bond.role,
    status: 'ended',
    endedBy: by,
    ...(at !== undefined ? { endedAt: at } : {}),
    peer: { userId: '', name: bond.peer.name, identityPub: '', deviceList: { body: '', sig: '' }, deviceListVersion: 0, devices: [] },
    sas: '',
    safetyNumber: '',
    verification: bond.verification,
    receiving: {},
    cursor: '0',
    shield: shieldPolicy({}),
    sentView: emptyView(),
    receivedView: emptyView(),
  };
}

/**
 * Turns the bond into its tombstone in place (so work still holding the object — a tick being sealed, a
 * backlog being read — sees an ended bond with nothing in it) and drops the invite or request it came from.
 */
export function forgetBond(state: DeviceState, bond: BondState, by: 'me' | 'peer', at: number | undefined): void {
  const tombstone = tombstoneOf(bond, by, at);
  for (const key of Object.keys(bond)) delete (bond as unknown as Record<string, unknown>)[key];
  Object.assign(bond, tombstone);
  state.bonds[bond.bondId] = bond;
  delete state.invites[bond.inviteId];
  delete state.requests[bond.inviteId];
}
