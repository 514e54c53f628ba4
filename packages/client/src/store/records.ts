/**
 * How the device's state is laid out as DeviceStore records (decision 0007). Each record is one piece that
 * changes on its own, so recording a fix writes `source`, a tick writes `source`, the sealed bonds' `sent-view`
 * and one `outbox` row per envelope (the sequence numbers go through `update`, see `seq.ts`), and nothing
 * else — whatever the number of thoughts, photos or other bonds.
 *
 * | kind            | id                         | holds                                                  |
 * |-----------------|----------------------------|--------------------------------------------------------|
 * | meta            | ''                         | v, name, server, displaced, droppedElsewhere           |
 * | identity        | ''                         | identity seed and keys, this device's keys            |
 * | device-list     | ''                         | the signed device list and its version                 |
 * | source          | ''                         | the newest fix, grids, battery, feeling, recent fixes |
 * | invite          | inviteId                   | one invite this person made                            |
 * | request         | inviteId                   | one invite this person answered                        |
 * | bond            | bondId                     | the bond's core (status, peer, numbers, counts…)       |
 * | shield          | bondId                     | this person's shields towards the partner              |
 * | sending         | bondId                     | this device's sending epoch and next seq               |
 * | receiving       | bondId                     | receiving epochs with replay windows, read cursor      |
 * | sent-view       | bondId                     | what the partner sees of this person                   |
 * | received-view   | bondId                     | what this person sees of the partner                   |
 * | glances         | bondId                     | the last glances both ways (bounded)                   |
 * | thought         | bondId/thoughtId           | one thought with its mark                              |
 * | moment          | bondId/momentId            | one photo's header (who, when, where, caption)         |
 * | photo           | bondId/momentId            | that photo's bytes, raw                                 |
 * | outbox          | bondId/epochId/seq(20 dig.)| one sealed envelope not yet stored by the relay        |
 *
 * Values are JSON (UTF-8) except `photo`. Callers name what they changed (`Change`); `opsFor` reads those
 * pieces from the in-memory state and turns each into a put, or a delete when it is gone.
 */
import { fromBase64url, utf8Decode, utf8Encode } from '@entwine/core';
import type { BondState, DeviceState, MomentEntry, OutboxEntry, ThoughtEntry } from '../state.ts';
import type { StoreOp } from './device-store.ts';
import { bondPlaceOps } from './place-records.ts';
import { bondTrailOps } from './trail-records.ts';

export const KINDS = {
  meta: 'meta',
  identity: 'identity',
  deviceList: 'device-list',
  source: 'source',
  invite: 'invite',
  request: 'request',
  bond: 'bond',
  shield: 'shield',
  sending: 'sending',
  receiving: 'receiving',
  sentView: 'sent-view',
  receivedView: 'received-view',
  glances: 'glances',
  thought: 'thought',
  moment: 'moment',
  photo: 'photo',
  outbox: 'outbox',
} as const;

/** The pieces of one bond that are one record each, keyed by the bond id. */
type BondPiece = 'bond' | 'shield' | 'sending' | 'receiving' | 'sent-view' | 'received-view' | 'glances';

/**
 * One piece of state a caller changed (or removed): one member per kind, so a part's context can be narrowed
 * to the kinds it owns (`Extract<Change, { kind: K }>`, parts/owners.ts).
 */
export type Change =
  | { kind: 'meta' }
  | { kind: 'identity' }
  | { kind: 'device-list' }
  | { kind: 'source' }
  | { kind: 'invite'; id: string }
  | { kind: 'request'; id: string }
  | { [K in BondPiece]: { kind: K; bondId: string } }[BondPiece]
  | { kind: 'thought'; bondId: string; id: string }
  | { kind: 'moment'; bondId: string; id: string }
  | { kind: 'outbox'; entry: OutboxEntry }
  /** Every record of a bond (made, ended, forgotten): all its pieces, and its collections rewritten. */
  | { kind: 'bond-all'; bondId: string }
  /** Every thought or photo header of a bond (a place withdrawn from all of them). */
  | { kind: 'moments-of'; bondId: string };

export type ChangeKind = Change['kind'];

export const changes = {
  meta: { kind: 'meta' } as const,
  identity: { kind: 'identity' } as const,
  deviceList: { kind: 'device-list' } as const,
  source: { kind: 'source' } as const,
  invite: (id: string) => ({ kind: 'invite', id }) as const,
  request: (id: string) => ({ kind: 'request', id }) as const,
  bond: (bondId: string) => ({ kind: 'bond', bondId }) as const,
  shield: (bondId: string) => ({ kind: 'shield', bondId }) as const,
  sending: (bondId: string) => ({ kind: 'sending', bondId }) as const,
  receiving: (bondId: string) => ({ kind: 'receiving', bondId }) as const,
  sentView: (bondId: string) => ({ kind: 'sent-view', bondId }) as const,
  receivedView: (bondId: string) => ({ kind: 'received-view', bondId }) as const,
  glances: (bondId: string) => ({ kind: 'glances', bondId }) as const,
  thought: (bondId: string, id: string) => ({ kind: 'thought', bondId, id }) as const,
  moment: (bondId: string, id: string) => ({ kind: 'moment', bondId, id }) as const,
  outbox: (entry: OutboxEntry) => ({ kind: 'outbox', entry }) as const,
  bondAll: (bondId: string) => ({ kind: 'bond-all', bondId }) as const,
  momentsOf: (bondId: string) => ({ kind: 'moments-of', bondId }) as const,
} satisfies Record<string, Change | ((...args: never[]) => Change)>;

/** The bond fields kept in the `bond` record; everything else of BondState has a record of its own. */
type CoreKey = Exclude<
  keyof BondState,
  'shield' | 'sending' | 'receiving' | 'cursor' | 'sentView' | 'receivedView' | 'thoughts' | 'glances' | 'moments'
>;
export type BondCore = Pick<BondState, CoreKey>;
const NOT_CORE = new Set(['shield', 'sending', 'receiving', 'cursor', 'sentView', 'receivedView', 'thoughts', 'glances', 'moments']);

export function bondCoreOf(bond: BondState): BondCore {
  const core: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bond)) if (!NOT_CORE.has(k)) core[k] = v;
  return core as BondCore;
}

export const encodeJson = (value: unknown): Uint8Array => utf8Encode(JSON.stringify(value));
export const decodeJson = <T>(value: Uint8Array): T => JSON.parse(utf8Decode(value)) as T;

export const thoughtId = (bondId: string, id: string) => `${bondId}/${id}`;
export const momentId = (bondId: string, id: string) => `${bondId}/${id}`;
export const outboxId = (e: Pick<OutboxEntry, 'bondId' | 'epochId' | 'seq'>) => `${e.bondId}/${e.epochId}/${e.seq.padStart(20, '0')}`;

export interface MetaRecord {
  v: 2;
  name: string;
  server: string;
  displaced?: DeviceState['displaced'];
  droppedElsewhere?: DeviceState['droppedElsewhere'];
}
export type IdentityRecord = Pick<DeviceState, 'identity' | 'device'>;
export type ReceivingRecord = Pick<BondState, 'receiving' | 'cursor'>;
export type MomentRecord = Omit<MomentEntry, 'photo'>;

function put(kind: string, id: string, value: unknown): StoreOp {
  return { op: 'put', kind, id, value: encodeJson(value) };
}
const del = (kind: string, id: string): StoreOp => ({ op: 'delete', kind, id });
const putOr = (kind: string, id: string, value: unknown): StoreOp => (value === undefined ? del(kind, id) : put(kind, id, value));

function thoughtOps(bondId: string, entry: ThoughtEntry | undefined, id: string): StoreOp[] {
  return [putOr(KINDS.thought, thoughtId(bondId, id), entry)];
}

function momentOps(bondId: string, entry: MomentEntry | undefined, id: string, withPhoto = true): StoreOp[] {
  const key = momentId(bondId, id);
  if (!entry) return [del(KINDS.moment, key), del(KINDS.photo, key)];
  const { photo, ...meta } = entry;
  const ops = [put(KINDS.moment, key, meta)];
  if (withPhoto) ops.push(photo ? { op: 'put', kind: KINDS.photo, id: key, value: fromBase64url(photo) } : del(KINDS.photo, key));
  return ops;
}

/** Every record of one bond, its collections rewritten from scratch (a new bond, an ended one). */
function bondOps(state: DeviceState, bondId: string): StoreOp[] {
  const bond = state.bonds[bondId];
  const prefix = `${bondId}/`;
  const ops: StoreOp[] = [
    { op: 'deletePrefix', kind: KINDS.thought, prefix },
    { op: 'deletePrefix', kind: KINDS.moment, prefix },
    { op: 'deletePrefix', kind: KINDS.photo, prefix },
    { op: 'deletePrefix', kind: KINDS.outbox, prefix },
  ];
  // What names the bond outside its own records — the trail's (retention, revisions sealed and read) and the
  // places its partner could hear of — goes when the bond is forgotten or ends: an end keeps a tombstone in
  // the state, which must hold nothing of what the bond carried (bond-end.ts).
  if (!bond || bond.status === 'ended') ops.push(...bondTrailOps(bondId), ...bondPlaceOps(bondId));
  if (!bond) {
    for (const kind of [KINDS.bond, KINDS.shield, KINDS.sending, KINDS.receiving, KINDS.sentView, KINDS.receivedView, KINDS.glances]) {
      ops.push(del(kind, bondId));
    }
    return ops;
  }
  ops.push(
    put(KINDS.bond, bondId, bondCoreOf(bond)),
    put(KINDS.shield, bondId, bond.shield),
    putOr(KINDS.sending, bondId, bond.sending),
    put(KINDS.receiving, bondId, { receiving: bond.receiving, cursor: bond.cursor } satisfies ReceivingRecord),
    put(KINDS.sentView, bondId, bond.sentView),
    put(KINDS.receivedView, bondId, bond.receivedView),
    putOr(KINDS.glances, bondId, bond.glances),
  );
  for (const t of bond.thoughts ?? []) ops.push(...thoughtOps(bondId, t, t.id));
  for (const m of bond.moments ?? []) ops.push(...momentOps(bondId, m, m.id));
  for (const e of state.outbox) if (e.bondId === bondId) ops.push(put(KINDS.outbox, outboxId(e), e));
  return ops;
}

/** The store ops that write the named pieces as they are now in `state` (each piece once). */
export function opsFor(state: DeviceState, list: Iterable<Change>): StoreOp[] {
  const ops: StoreOp[] = [];
  const seen = new Set<string>();
  const once = (key: string) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  let outboxKeys: Set<string> | undefined;
  for (const c of list) {
    switch (c.kind) {
      case 'meta':
        if (once('meta'))
          ops.push(
            put(KINDS.meta, '', {
              v: 2,
              name: state.name,
              server: state.server,
              ...(state.displaced ? { displaced: state.displaced } : {}),
              ...(state.droppedElsewhere ? { droppedElsewhere: state.droppedElsewhere } : {}),
            } satisfies MetaRecord),
          );
        break;
      case 'identity':
        if (once('identity'))
          ops.push(put(KINDS.identity, '', { identity: state.identity, device: state.device } satisfies IdentityRecord));
        break;
      case 'device-list':
        if (once('device-list')) ops.push(put(KINDS.deviceList, '', state.deviceList));
        break;
      case 'source':
        if (once('source')) ops.push(put(KINDS.source, '', state.source));
        break;
      case 'invite':
        if (once(`invite ${c.id}`)) ops.push(putOr(KINDS.invite, c.id, state.invites[c.id]));
        break;
      case 'request':
        if (once(`request ${c.id}`)) ops.push(putOr(KINDS.request, c.id, state.requests[c.id]));
        break;
      case 'bond-all':
        if (once(`bond-all ${c.bondId}`)) ops.push(...bondOps(state, c.bondId));
        break;
      case 'thought': {
        if (!once(`thought ${c.bondId}/${c.id}`)) break;
        ops.push(
          ...thoughtOps(
            c.bondId,
            state.bonds[c.bondId]?.thoughts?.find((t) => t.id === c.id),
            c.id,
          ),
        );
        break;
      }
      case 'moment': {
        if (!once(`moment ${c.bondId}/${c.id}`)) break;
        ops.push(
          ...momentOps(
            c.bondId,
            state.bonds[c.bondId]?.moments?.find((m) => m.id === c.id),
            c.id,
          ),
        );
        break;
      }
      case 'moments-of':
        if (!once(`moments-of ${c.bondId}`)) break;
        // Headers only: the bytes of a photo never change once kept.
        for (const m of state.bonds[c.bondId]?.moments ?? []) ops.push(...momentOps(c.bondId, m, m.id, false));
        break;
      case 'outbox': {
        const id = outboxId(c.entry);
        if (!once(`outbox ${id}`)) break;
        outboxKeys ??= new Set(state.outbox.map(outboxId));
        ops.push(outboxKeys.has(id) ? put(KINDS.outbox, id, c.entry) : del(KINDS.outbox, id));
        break;
      }
      default: {
        if (!once(`${c.kind} ${c.bondId}`)) break;
        const bond = state.bonds[c.bondId];
        if (!bond) {
          ops.push(del(c.kind, c.bondId));
          break;
        }
        const value =
          c.kind === 'bond'
            ? bondCoreOf(bond)
            : c.kind === 'shield'
              ? bond.shield
              : c.kind === 'sending'
                ? bond.sending
                : c.kind === 'receiving'
                  ? ({ receiving: bond.receiving, cursor: bond.cursor } satisfies ReceivingRecord)
                  : c.kind === 'sent-view'
                    ? bond.sentView
                    : c.kind === 'received-view'
                      ? bond.receivedView
                      : bond.glances;
        ops.push(putOr(c.kind, c.bondId, value));
      }
    }
  }
  return ops;
}

/** Every record of a whole state (a new identity, a migration), replacing whatever the store held. */
export function allOps(state: DeviceState): StoreOp[] {
  const clear: StoreOp[] = Object.values(KINDS).map((kind) => ({ op: 'deletePrefix', kind, prefix: '' }));
  const list: Change[] = [changes.meta, changes.identity, changes.deviceList, changes.source];
  for (const id of Object.keys(state.invites)) list.push(changes.invite(id));
  for (const id of Object.keys(state.requests)) list.push(changes.request(id));
  for (const id of Object.keys(state.bonds)) list.push(changes.bondAll(id));
  return [...clear, ...opsFor(state, list)];
}
