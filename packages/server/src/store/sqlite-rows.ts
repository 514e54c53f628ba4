/** Rows of the SQLite store turned into the Store's records, and back: one place for the JSON of signed blobs. */
import type { SignedBlob } from '@entwine/core';
import type { BondRow } from './sqlite-statements.ts';
import type { BondRecord, BondRefusal, BondState } from './store.ts';

export const blobJson = (b: SignedBlob) => JSON.stringify({ body: b.body, sig: b.sig });
export const parseBlob = (s: string): SignedBlob => JSON.parse(s) as SignedBlob;

/** Why nothing may be stored for a bond in this state (S9); undefined: it is active. */
export const refusalOf = (state: BondState | undefined): BondRefusal | undefined =>
  state === undefined ? 'bond-missing' : state === 'pending' ? 'bond-pending' : state === 'ended' ? 'bond-ended' : undefined;

export function bondOf(r: BondRow): BondRecord {
  const bond: BondRecord = {
    bondId: r.bond_id,
    inviteId: r.invite_id,
    userA: r.user_a,
    userB: r.user_b,
    state: r.state,
    confirmA: parseBlob(r.confirm_a),
  };
  if (r.confirm_b !== null) bond.confirmB = parseBlob(r.confirm_b);
  if (r.ended_by !== null) bond.endedBy = r.ended_by;
  if (r.end_doc !== null) bond.end = parseBlob(r.end_doc);
  return bond;
}
