/**
 * Who may read or add to a trail (decision 0014 §3, §5), decided in one place for every history route: the
 * owner id of a chunk or a `GET /v1/trail/:ownerId` is either a bond the signed-in person is a member of
 * (then it must be active: pending → BOND_PENDING, ended → BOND_ENDED), or that person's own vault (its id is
 * recomputed from the identity key the relay holds, `vaultIdOf`). Anything else — a bond of other people, the
 * vault of another person, an id that names nothing — is the same TRAIL_NOT_YOURS, so ids cannot be probed.
 */
import { EntwineError, vaultIdOf } from '@entwine/core';
import { isMember, requireActive } from './bond-access.ts';
import type { RelayState, Sender } from './relay-state.ts';
import type { BondRecord } from './store/store.ts';

export type TrailOwner = { kind: 'bond'; ownerId: string; bond: BondRecord } | { kind: 'vault'; ownerId: string };

/** The vault of the signed-in person. */
export async function vaultOf(relay: RelayState, sender: Sender): Promise<string> {
  const user = await relay.store.getUser(sender.userId);
  if (!user) throw new EntwineError('ENTWINE_ERR_AUTH_UNKNOWN_DEVICE');
  return vaultIdOf(user.identityPub);
}

export async function trailOwner(relay: RelayState, ownerId: string, sender: Sender): Promise<TrailOwner> {
  const bond = await relay.store.getBond(ownerId);
  if (bond && isMember(bond, sender.userId)) {
    requireActive(bond);
    return { kind: 'bond', ownerId, bond };
  }
  if ((await vaultOf(relay, sender)) === ownerId) return { kind: 'vault', ownerId };
  throw new EntwineError('ENTWINE_ERR_TRAIL_NOT_YOURS');
}
