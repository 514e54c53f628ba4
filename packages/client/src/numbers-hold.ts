/**
 * The hold on a bond whose numbers this person has not compared yet (issue 10, point 1). While a bond is
 * `unchecked`, nothing of this person leaves for that partner: no tick (location, presence, feelings), no
 * key distribution, no glance, thought, receipt or photo. The hold sends nothing at all rather than
 * "hidden" envelopes: see docs/decisions/0004-held-bonds-send-nothing.md.
 */
import { EntwineError } from '@entwine/core';
import type { BondState } from './state.ts';

export const heldForNumbers = (bond: BondState): boolean => bond.verification === 'unchecked';

/** Refuses a glance, thought or photo to a held bond with a reason a UI can explain. */
export function requireNumbersChecked(bond: BondState): void {
  if (!heldForNumbers(bond)) return;
  throw new EntwineError('ENTWINE_ERR_BOND_UNVERIFIED', `with ${bond.peer.name}`);
}
