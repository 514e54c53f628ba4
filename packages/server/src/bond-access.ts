/**
 * Who may touch a bond, decided in one place for HTTP and WebSocket: only its two members, and
 * nothing is relayed unless it is active (pending → BOND_PENDING, ended → BOND_ENDED). Membership
 * never changes after a bond is created, so a socket may cache it; the state is re-checked by the
 * store at commit time.
 */
import { ACK_STATUS, type AckStatus, EntwineError } from '@entwine/core';
import type { RelayState } from './relay-state.ts';
import type { BondRecord, BondRefusal, BondState } from './store/store.ts';

export interface BondView {
  userA: string;
  userB: string;
  state: BondState;
}

export const isMember = (bond: BondView, userId: string) => bond.userA === userId || bond.userB === userId;

/** `stored` means "may be relayed"; an unknown bond reads as not-member so ids cannot be probed. */
export function relayStatus(bond: BondView | undefined, userId: string): AckStatus {
  if (!bond || !isMember(bond, userId)) return ACK_STATUS.notMember;
  if (bond.state === 'pending') return ACK_STATUS.bondPending;
  if (bond.state === 'ended') return ACK_STATUS.bondEnded;
  return ACK_STATUS.stored;
}

/** For the /v1/bonds/:bondId/* routes: the bond, if this user is a member (404 / 403 otherwise). */
export async function memberBond(relay: RelayState, bondId: string, userId: string): Promise<BondRecord> {
  const bond = await relay.store.getBond(bondId);
  if (!bond) throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND');
  if (!isMember(bond, userId)) throw new EntwineError('ENTWINE_ERR_BOND_NOT_MEMBER');
  return bond;
}

export function requireActive(bond: BondView): void {
  if (bond.state === 'pending') throw new EntwineError('ENTWINE_ERR_BOND_PENDING');
  if (bond.state === 'ended') throw new EntwineError('ENTWINE_ERR_BOND_ENDED');
}

/** The store found the bond no longer active at commit time (S9): the same codes as `requireActive`. */
export function refusalError(refusal: BondRefusal): EntwineError {
  if (refusal === 'bond-pending') return new EntwineError('ENTWINE_ERR_BOND_PENDING');
  if (refusal === 'bond-ended') return new EntwineError('ENTWINE_ERR_BOND_ENDED');
  return new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND');
}
