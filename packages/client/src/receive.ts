/**
 * Turning a delivered envelope into something to show. Order of checks: framing → known bond and
 * sender device → epoch key (fetched once if missing) → replay window → signature + AEAD + padding →
 * schema → timestamp not in the future. Only an envelope that passes all of them is shown as real;
 * every other one becomes a `forged` event — never shown as a position, never silently dropped — except
 * one that verified but carries a message kind this version does not know: that is genuine, from a newer
 * version of Entwine, and becomes a `newer-version` event (its seq is accepted like any genuine one). What
 * cannot be checked at all (no active bond of ours, our own echo, a replay at or below the read position)
 * is set aside as a `dropped` event; both kinds are counted per bond and reason (`dropped.ts`).
 * The replay window moves only after a full verification, so a forgery cannot block genuine envelopes.
 */
import {
  acceptReplay,
  checkReplay,
  type DecodedEnvelope,
  decodeEnvelope,
  fromBase64url,
  isMessageKind,
  type Message,
  messageSchema,
  openEnvelope,
  utf8Decode,
} from '@entwine/core';
import type { DeviceEvent, MessageMeta, Rejection } from './context.ts';
import { countNotShown, DROPS, type DropReason, NEWER_VERSION, type NotShownReason } from './dropped.ts';
import { ownDevices, refreshKeys } from './epochs.ts';
import type { PartCtx } from './parts/owners.ts';
import type { BondState } from './state.ts';
import { foldMessage } from './view.ts';

/** Receivers reject a `ts` more than 5 minutes ahead of their own clock (DESIGN §5). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** What a message kind's name looks like (as `helloSchema` lists them); anything else is malformed. */
const KIND_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Counts one envelope not shown, per bond (or none) and reason, where the ledger's owner keeps it. */
export type CountNotShown = (bond: BondState | undefined, reason: NotShownReason) => void;

export async function receiveEnvelope(
  ctx: PartCtx<'receiver'>,
  bytes: Uint8Array,
  cursor: bigint,
  knownBond?: BondState,
  count: CountNotShown = (bond, reason) => countNotShown(ctx.state, bond, reason),
): Promise<Verified | DeviceEvent | undefined> {
  let env: DecodedEnvelope;
  try {
    env = decodeEnvelope(bytes);
  } catch {
    // Undecodable bytes name no bond; they are still reported, never dropped in silence.
    count(knownBond, 'malformed');
    if (knownBond) return forged(knownBond, 'malformed', cursor);
    return { type: 'forged', bondId: '', from: 'an unknown sender', reason: 'malformed', cursor: cursor.toString() };
  }
  const bond = ctx.state.bonds[env.bondId] ?? knownBond;
  // Not a bond of ours (any more): nothing to check it against, so nothing to show — but counted and said.
  if (!bond) return setAside(count, undefined, DROPS.notOurBond, cursor);
  if (bond.status !== 'active') return setAside(count, bond, DROPS.bondNotActive, cursor);
  // The bond's read position moves only once this envelope has a verdict: if a check cannot finish (a key
  // fetch fails), the envelope is read again, not lost.
  const verdict = await judge(ctx, count, bond, env, cursor);
  advanceCursor(bond, cursor);
  if (verdict?.type === 'forged') count(bond, verdict.reason);
  return verdict;
}

async function judge(
  ctx: PartCtx<'receiver'>,
  count: CountNotShown,
  bond: BondState,
  env: DecodedEnvelope,
  cursor: bigint,
): Promise<Verified | DeviceEvent | undefined> {
  // At or below the read position: delivered live while a backlog read covered it. A replay of what was
  // already accepted is then no news; a relay serving an old envelope under a *new* cursor is still caught.
  const alreadyRead = cursor > 0n && cursor <= BigInt(bond.cursor);
  // Our own envelope, echoed by a backlog read: routine, so counted without an event.
  if (env.senderDevice === ctx.state.device.deviceId) return setAside(count, bond, DROPS.ownEcho, cursor);
  // A partner's retired device (dropped by a newer list of theirs) is still the partner for what it sent before.
  const sender = [...bond.peer.devices, ...(bond.peer.retiredDevices ?? []), ...ownDevices(ctx)].find(
    (d) => d.deviceId === env.senderDevice,
  );
  if (!sender) return forged(bond, 'unknown-sender', cursor);
  const slot = `${env.senderDevice}/${env.epochId}`;
  if (!bond.receiving[slot]) await refreshKeys(ctx, bond);
  const epoch = bond.receiving[slot];
  if (!epoch) return forged(bond, 'unknown-epoch', cursor);
  if (checkReplay(epoch.replay, env.seq) !== 'fresh') {
    return alreadyRead ? setAside(count, bond, DROPS.belowCursor, cursor) : forged(bond, 'replayed', cursor);
  }
  const opened = await openEnvelope(ctx.deps.ed, env, fromBase64url(epoch.key), fromBase64url(sender.signPub));
  if (!opened.ok) return forged(bond, 'forged', cursor);
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(opened.plaintext));
  } catch {
    return forged(bond, 'malformed', cursor);
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && KIND_NAME.test(kind) && !isMessageKind(kind)) {
    // Sealed and signed by the partner's device: genuine, of a kind a newer version added (a kind's schema
    // never changes in place, so a known kind that fails its schema is still malformed).
    epoch.replay = acceptReplay(epoch.replay, env.seq);
    count(bond, NEWER_VERSION);
    return { type: 'newer-version', bondId: bond.bondId, from: bond.peer.name, kind, cursor: cursor.toString() };
  }
  const parsed = messageSchema.safeParse(value);
  if (!parsed.success) return forged(bond, 'malformed', cursor);
  if (parsed.data.ts > ctx.deps.clock.now() + MAX_FUTURE_SKEW_MS) return forged(bond, 'future', cursor);
  epoch.replay = acceptReplay(epoch.replay, env.seq);
  // A sender is either the partner or another device of this user (who sees their own history).
  const fromPeer = [...bond.peer.devices, ...(bond.peer.retiredDevices ?? [])].some((d) => d.deviceId === sender.deviceId);
  // What this person sees of the partner; a backlog's older message never rolls it back (view.ts).
  if (fromPeer) {
    // Ordered by where it sits in the sender's stream (authenticated header, signed epoch index), not its clock.
    const at = {
      device: env.senderDevice,
      epoch: env.epochId,
      seq: env.seq.toString(),
      ...(epoch.index !== undefined ? { index: epoch.index } : {}),
    };
    bond.receivedView = foldMessage(bond.receivedView, parsed.data, at);
  }
  const meta: MessageMeta = {
    bondId: bond.bondId,
    from: fromPeer ? bond.peer.name : ctx.state.name,
    fromUser: fromPeer ? bond.peer.userId : ctx.state.identity.userId,
    senderDevice: env.senderDevice,
    cursor: cursor.toString(),
  };
  return { type: 'verified', bond, fromPeer, meta, message: parsed.data };
}

/** The bond's one read position (what a backlog read asks after): moves only forward. */
export function advanceCursor(bond: BondState, cursor: bigint): void {
  if (cursor > BigInt(bond.cursor)) bond.cursor = cursor.toString();
}

/** A message that passed every check, for the inbox to act on. */
export interface Verified {
  type: 'verified';
  bond: BondState;
  fromPeer: boolean;
  meta: MessageMeta;
  message: Message;
}

/** Counts an envelope set aside unchecked; says so with a `dropped` event unless it is routine (own echo). */
function setAside(count: CountNotShown, bond: BondState | undefined, reason: DropReason, cursor: bigint): DeviceEvent | undefined {
  count(bond, reason);
  if (reason === DROPS.ownEcho) return undefined;
  return { type: 'dropped', bondId: bond?.bondId ?? '', from: bond?.peer.name ?? 'no bond of yours', reason, cursor: cursor.toString() };
}

function forged(bond: BondState, reason: Rejection, cursor: bigint): DeviceEvent {
  return { type: 'forged', bondId: bond.bondId, from: bond.peer.name, reason, cursor: cursor.toString() };
}
