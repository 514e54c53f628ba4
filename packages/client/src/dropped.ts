/**
 * The ledger of envelopes this device set aside instead of showing them (issue 10). `receive.ts` rejects
 * some envelopes after checking them (a `forged` event: bad signature, replay, unknown epoch …) and sets
 * others aside before any signature check, because there is nothing to check them against: an envelope
 * naming no active bond of this device, one naming this very device as its sender (what it sent, echoed by a
 * backlog read), or one at or below the bond's read position whose sequence number was already accepted
 * (delivered live while a backlog read covered it — or a relay replaying old envelopes under old cursors).
 * None of those is ever shown as real; before, the second kind vanished without a trace.
 *
 * Guarantees:
 * - every envelope not shown is counted once, per bond and per reason — both kinds, so one ledger answers
 *   "what did the relay hand me that I did not show?";
 * - counts live in the saved state (`BondState.dropped`), so a one-shot CLI command can show them too;
 *   envelopes naming a bond this device does not have are counted together in `DeviceState.droppedElsewhere`
 *   (one entry, whatever ids a relay invents, so a relay cannot grow the state);
 * - a genuine envelope of a kind this version does not know is counted as `newer-version`, apart from both;
 * - counting never changes a verdict.
 */
import type { Rejection } from './context.ts';
import type { BondState, DeviceState } from './state.ts';

/** Why an envelope was set aside before any signature check. */
export const DROPS = {
  /** It names a bond this device does not have. */
  notOurBond: 'not-our-bond',
  /** It names a bond of this device that is not active (pending, ended or failed). */
  bondNotActive: 'bond-not-active',
  /** It names this device as the sender: this device's own envelope, echoed back by a backlog read. */
  ownEcho: 'own-echo',
  /** At or below the bond's read position, with a sequence number already accepted. */
  belowCursor: 'replay-below-cursor',
} as const;
export type DropReason = (typeof DROPS)[keyof typeof DROPS];

/**
 * A genuine envelope (signature, AEAD and replay window all passed) whose message is of a kind this
 * version of Entwine does not know: sent by a newer version. Not shown, not forged.
 */
export const NEWER_VERSION = 'newer-version';

/**
 * Every reason an envelope is not shown: set aside unchecked (`DropReason`), rejected (`Rejection`), or
 * genuine but of a kind this version cannot show (`NEWER_VERSION`).
 */
export type NotShownReason = DropReason | Rejection | typeof NEWER_VERSION;

export type DroppedCounts = Partial<Record<NotShownReason, number>>;

export interface DroppedTally {
  /** The bond, or '' for envelopes that named no bond of this device. */
  bondId: string;
  /** The partner's name; undefined for ''. */
  name: string | undefined;
  counts: DroppedCounts;
  total: number;
  /** All but this device's own echoes, which every backlog read brings (what a UI need only raise when > 0). */
  unexpected: number;
}

export function countNotShown(state: DeviceState, bond: BondState | undefined, reason: NotShownReason): void {
  const counts = (bond ? bond.dropped : state.droppedElsewhere) ?? {};
  counts[reason] = (counts[reason] ?? 0) + 1;
  if (bond) bond.dropped = counts;
  else state.droppedElsewhere = counts;
}

const total = (counts: DroppedCounts) => Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);

/** Every non-empty tally: one per bond that has any, then '' for envelopes of no bond of this device. */
export function droppedTallies(state: DeviceState): DroppedTally[] {
  const out: DroppedTally[] = [];
  for (const bond of Object.values(state.bonds)) {
    if (bond.dropped && total(bond.dropped) > 0) {
      out.push(tally(bond.bondId, bond.peer.name, bond.dropped));
    }
  }
  const elsewhere = state.droppedElsewhere;
  if (elsewhere && total(elsewhere) > 0) out.push(tally('', undefined, elsewhere));
  return out;
}

function tally(bondId: string, name: string | undefined, counts: DroppedCounts): DroppedTally {
  const all = total(counts);
  return { bondId, name, counts: { ...counts }, total: all, unexpected: all - (counts[DROPS.ownEcho] ?? 0) };
}
