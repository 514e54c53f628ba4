/**
 * Sending the event facets (the streams part) — a glance, a thought, a photo — each only while the sharer's
 * shield for that partner and facet lets it through. Refusals are catalogue `EntwineError`s a UI can
 * explain; nothing is sent when a check fails. (A feeling goes out on the tick: parts/source.ts.)
 */
import {
  EntwineError,
  type Facet,
  fromBase64url,
  GLANCES,
  type GlanceKind,
  gridOffset,
  levelAt,
  type Message,
  MOMENT_CHUNK_BYTES,
  MOMENT_MAX_BYTES,
  type MomentMessage,
  momentPlace,
  sha256,
  stripMetadata,
  THOUGHT_MAX_CHARS,
  thoughtSchema,
  toBase64url,
} from '@entwine/core';
import type { DeviceEvent } from './context.ts';
import { advanceMark, GLANCE_HISTORY, keepMoment, THOUGHT_HISTORY } from './inbox.ts';
import { requireNumbersChecked } from './numbers-hold.ts';
import type { PartCtx } from './parts/owners.ts';
import type { BondState, ThoughtEntry } from './state.ts';
import { changes } from './store/records.ts';

/** This device's own pace for glances to one partner: one per GLANCE_GAP_MS. */
export const GLANCE_GAP_MS = 1500;
/** Photos one bond may get from this person per day. */
export const MOMENTS_PER_DAY = 30;

export interface FacetHooks {
  ctx: PartCtx<'streams'>;
  findBond(who: string): BondState | undefined;
  seal(bond: BondState, messages: Message[], onStored?: (m: Message) => void): Promise<void>;
  /** The bond's count of photos sent today lives in the bond record (pairing's): it keeps it. */
  noteMomentSent(bond: BondState, sends: number[]): void;
}

const newId = (ctx: PartCtx<'streams'>) => toBase64url(ctx.deps.random.bytes(6)).slice(0, 11).padEnd(11, 'A');

function activeBond(h: FacetHooks, who: string): BondState {
  const bond = h.findBond(who);
  if (bond?.status !== 'active') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no active bond with "${who}"`);
  requireNumbersChecked(bond);
  return bond as BondState;
}

function requireShared(h: FacetHooks, bond: BondState, facet: Facet): void {
  const level = levelAt(bond.shield, facet, h.ctx.deps.clock.now());
  if (level === 'hidden' || level === 'frozen') {
    throw new EntwineError('ENTWINE_ERR_SHIELD_HIDDEN', `you share no ${facet} with ${bond.peer.name}`);
  }
}

/** Sends a glance at once. A gentle pace is kept here; the partner's device mutes a flood on its side. */
export async function sendGlance(h: FacetHooks, who: string, glance: GlanceKind): Promise<void> {
  if (!(GLANCES as readonly string[]).includes(glance)) {
    throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a glance is one of ${GLANCES.join(', ')}`);
  }
  const bond = activeBond(h, who);
  requireShared(h, bond, 'glances');
  const now = h.ctx.deps.clock.now();
  const last = (bond.glances ?? []).find((g) => g.from === 'me');
  if (last && now - last.ts < GLANCE_GAP_MS) {
    throw new EntwineError('ENTWINE_ERR_GLANCE_TOO_FAST');
  }
  const id = newId(h.ctx);
  bond.glances ??= [];
  bond.glances.unshift({ id, from: 'me', glance, ts: now });
  bond.glances.splice(GLANCE_HISTORY);
  h.ctx.mark(changes.glances(bond.bondId)); // saved with the sealed envelope
  await h.seal(bond, [{ kind: 'glance', ts: now, id, glance }]);
}

/** Sends a thought; its mark moves sent → stored (relay) → delivered → read (the partner's receipts). */
export async function sendThought(h: FacetHooks, who: string, text: string, emit: (e: DeviceEvent) => void): Promise<ThoughtEntry> {
  const bond = activeBond(h, who);
  requireShared(h, bond, 'thoughts');
  const now = h.ctx.deps.clock.now();
  const message = { kind: 'thought' as const, ts: now, id: newId(h.ctx), text };
  if (!thoughtSchema.safeParse(message).success) {
    throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a thought is 1 to ${THOUGHT_MAX_CHARS} characters`);
  }
  const entry: ThoughtEntry = { id: message.id, from: 'me', text, ts: now, mark: 'sent' };
  bond.thoughts ??= [];
  const thoughts = bond.thoughts;
  thoughts.push(entry);
  const dropped = thoughts.splice(0, Math.max(0, thoughts.length - THOUGHT_HISTORY));
  h.ctx.mark(changes.thought(bond.bondId, entry.id), ...dropped.map((t) => changes.thought(bond.bondId, t.id)));
  await h.seal(bond, [message], () => {
    if (advanceMark(entry, 'stored'))
      emit({ type: 'thought-mark', bondId: bond.bondId, name: bond.peer.name, id: entry.id, mark: 'stored' });
  });
  await h.ctx.save(changes.thought(bond.bondId, entry.id)); // its 'stored' mark
  return { ...entry };
}

/**
 * Shares a photo: metadata stripped here (GPS, XMP, maker notes), cut into 64 KiB chunks, pinned to `at`
 * (or this device's last fix; `null` for no place) at the coarser of the bond's `moments` and `location`
 * levels (core `momentPinLevel`) — a cell centre, never the point, below exact.
 */
export async function sendMoment(
  h: FacetHooks,
  who: string,
  photo: { bytes: Uint8Array; caption?: string; at?: { lat: number; lon: number } | null; width?: number; height?: number },
): Promise<MomentMessage> {
  const bond = activeBond(h, who);
  requireShared(h, bond, 'moments');
  let stripped: ReturnType<typeof stripMetadata>;
  try {
    stripped = stripMetadata(photo.bytes);
  } catch (error) {
    throw new EntwineError('ENTWINE_ERR_MOMENT_TYPE', (error as Error).message);
  }
  if (stripped.bytes.length > MOMENT_MAX_BYTES) {
    throw new EntwineError('ENTWINE_ERR_MOMENT_TOO_LARGE', `${stripped.bytes.length} bytes; at most ${MOMENT_MAX_BYTES} can be shared`);
  }
  const now = h.ctx.deps.clock.now();
  const sends = (bond.momentSends ?? []).filter((t) => now - t < 24 * 3600 * 1000);
  const today = sends.length;
  if (today >= MOMENTS_PER_DAY) {
    throw new EntwineError('ENTWINE_ERR_MOMENT_LIMIT', `${today} with ${bond.peer.name} today; a bond takes ${MOMENTS_PER_DAY} a day`);
  }
  h.noteMomentSent(bond, [...sends, now]);
  const id = newId(h.ctx);
  const chunks: Message[] = [];
  for (let i = 0, index = 0; i < stripped.bytes.length; i += MOMENT_CHUNK_BYTES, index++) {
    chunks.push({ kind: 'moment-chunk', ts: now, id, index, data: toBase64url(stripped.bytes.subarray(i, i + MOMENT_CHUNK_BYTES)) });
  }
  const header: MomentMessage = {
    kind: 'moment',
    ts: now,
    id,
    place: placeFor(h, bond, photo.at, now),
    mime: `image/${stripped.type}` as MomentMessage['mime'],
    ...(photo.width ? { width: photo.width } : {}),
    ...(photo.height ? { height: photo.height } : {}),
    size: stripped.bytes.length,
    chunks: chunks.length,
    sha256: toBase64url(sha256(stripped.bytes)),
    ...(photo.caption ? { caption: photo.caption.slice(0, 200) } : {}),
  };
  const gone = keepMoment(bond, { id, from: 'me', header, photo: toBase64url(stripped.bytes) });
  h.ctx.mark(...[id, ...gone].map((m) => changes.moment(bond.bondId, m)));
  await h.seal(bond, [header, ...chunks]);
  return header;
}

/** Where a photo is pinned for this bond: the coarsening itself is the core's (`shield/area.ts`). */
function placeFor(
  h: FacetHooks,
  bond: BondState,
  at: { lat: number; lon: number } | null | undefined,
  now: number,
): MomentMessage['place'] {
  const source = h.ctx.state.source;
  const key = fromBase64url(source.coarseningKey);
  return momentPlace({
    // `null`: the person chose no place; undefined: where this device last was.
    point: at === null ? undefined : (at ?? source.fix),
    here: at === undefined,
    levels: { moments: levelAt(bond.shield, 'moments', now), location: levelAt(bond.shield, 'location', now) },
    offset: (level) => gridOffset(key, level),
    committed: (level) => source.grid[level]?.cur,
    seen: bond.sentView.locationState === 'live' ? bond.sentView.location : undefined,
  });
}
