/**
 * Which part of a device writes which record (decision 0012). Each kind of change has exactly one owner;
 * a part gets a context whose `save` and `mark` take only its own kinds — refused by the type checker
 * (`PartCtx<P>`), and at run time too (`partCtx`), so no part writes another part's records. A part that
 * needs another's record changed asks the owner through one of its methods.
 *
 * The two compound changes have owners like any other: `bond-all` (every record of one bond, written when
 * a bond is made or ended) belongs to pairing, which owns a bond's life; `moments-of` (every photo header
 * of one bond, when the partner withdraws their places) belongs to streams, which owns photos.
 *
 * The trail part owns no kind of `Change`, so it gets a context without `save` and `mark` at all (`storeCtx`):
 * its records (store/trail-records.ts: a history's fixes, seals, vault epoch, retention and read revisions)
 * are not in the in-memory state, and it alone writes them, straight to the store. The places part is the same
 * (store/place-records.ts: places, per-bond share lists, the arrive/leave tracker).
 */
import type { Ctx, ReadCtx } from '../context.ts';
import type { Change, ChangeKind } from '../store/records.ts';

export const PARTS = ['identity', 'pairing', 'shields', 'publisher', 'receiver', 'streams'] as const;
export type PartName = (typeof PARTS)[number];

/** Record kind (as `Change` names it) → the one part that writes it. `photo` goes with `moment`. */
export const OWNERS = {
  meta: 'identity',
  identity: 'identity',
  'device-list': 'identity',
  invite: 'pairing',
  request: 'pairing',
  bond: 'pairing',
  'bond-all': 'pairing',
  shield: 'shields',
  source: 'publisher',
  sending: 'publisher',
  'sent-view': 'publisher',
  outbox: 'publisher',
  receiving: 'receiver',
  'received-view': 'receiver',
  glances: 'streams',
  thought: 'streams',
  moment: 'streams',
  'moments-of': 'streams',
} as const satisfies Record<ChangeKind, PartName>;

/** The kinds of change one part owns. */
export type KindsOf<P extends PartName> = { [K in ChangeKind]: (typeof OWNERS)[K] extends P ? K : never }[ChangeKind];
/** A change one part may write. */
export type ChangeOf<P extends PartName> = Extract<Change, { kind: KindsOf<P> }>;

/**
 * What one part sees of the device: everything in `Ctx`, but it saves and marks only its own records.
 * (Properties, not methods, so the parameter types are checked strictly: a pairing context is not a
 * publisher context.)
 */
export type PartCtx<P extends PartName> = Omit<Ctx, 'save' | 'mark'> & {
  save: (...changed: ChangeOf<P>[]) => Promise<void>;
  mark: (...changed: ChangeOf<P>[]) => void;
};

/** The narrowed context of one part; a change of a kind it does not own throws (a bug, never a user error). */
export function partCtx<P extends PartName>(ctx: Ctx, part: P): PartCtx<P> {
  const own = (changed: Change[]): Change[] => {
    for (const c of changed) {
      if (OWNERS[c.kind] !== part) throw new Error(`${part} may not write ${c.kind} records: they are ${OWNERS[c.kind]}'s`);
    }
    return changed;
  };
  return {
    ...ctx,
    save: (...changed) => ctx.save(...own(changed)),
    mark: (...changed) => ctx.mark(...own(changed)),
  };
}

/** A context that writes no record of the state (no `save`, no `mark`): the trail part's, whose records are its own. */
export type StoreCtx = ReadCtx;

export function storeCtx(ctx: Ctx): StoreCtx {
  const { save: _save, mark: _mark, ...rest } = ctx;
  return rest;
}
