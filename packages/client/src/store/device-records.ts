/**
 * The device's state kept as records (records.ts) in a DeviceStore: loaded whole at open, written piece by
 * piece as callers name what they changed, and reloaded piece by piece when another writer of the same
 * store (another process on the CLI home) committed something.
 *
 * Guarantees:
 * - a write contains only the records named since the last write (never the whole state), in one atomic
 *   batch; writes are serialised, so a slower earlier write can never overwrite a later one;
 * - a record this device did not change is never written by it, so what another process wrote survives
 *   unless this one changed the same record after it (last writer wins, per record);
 * - the next sequence number of a sending epoch is taken through the store's `update`, so two processes
 *   sending in one bond never use one seq twice (a duplicate seq is read by the relay as "already stored").
 */

import { shieldPolicy, toBase64url } from '@entwine/core';
import type { BondState, DeviceState, SendingEpoch } from '../state.ts';
import { emptyView } from '../view.ts';
import type { DeviceStore, StoredRecord, StoreOp } from './device-store.ts';
import {
  type BondCore,
  type Change,
  decodeJson,
  encodeJson,
  type IdentityRecord,
  KINDS,
  type MetaRecord,
  type MomentRecord,
  opsFor,
  type ReceivingRecord,
} from './records.ts';

/** Kinds read back on a reload (photo bytes are read only for a photo this device does not have yet). */
const RELOADED = [
  KINDS.meta,
  KINDS.identity,
  KINDS.deviceList,
  KINDS.source,
  KINDS.invite,
  KINDS.request,
  KINDS.bond, // before the bond's other pieces, so a bond made elsewhere exists when they are applied
  KINDS.shield,
  KINDS.sending,
  KINDS.receiving,
  KINDS.sentView,
  KINDS.receivedView,
  KINDS.glances,
  KINDS.thought,
  KINDS.moment,
] as const;

const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`;

/** Kinds written as a field-by-field merge with what another writer committed (see `mergeFields`). */
const MERGED: ReadonlySet<string> = new Set([KINDS.bond, KINDS.shield]);

type Fields = Record<string, unknown>;
/** `theirs` with every top-level field `mine` changed relative to `base` (set or removed) taken from `mine`. */
export function mergeTopLevel(base: Fields, mine: Fields, theirs: Fields): Fields {
  const out: Fields = { ...theirs };
  for (const k of new Set([...Object.keys(base), ...Object.keys(mine)])) {
    if (JSON.stringify(base[k]) === JSON.stringify(mine[k])) continue;
    if (k in mine) out[k] = mine[k];
    else delete out[k];
  }
  return out;
}
const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** What a reload changed in memory, for the device to act on (e.g. a new timed shield to schedule). */
export interface Reloaded {
  kinds: Set<string>;
  bondIds: Set<string>;
}

export class DeviceRecords {
  private dirty: Change[] = [];
  private saving: Promise<void> = Promise.resolve();
  /** The bytes of every record (but photos) as this handle last read or wrote them: what a reload compares. */
  private readonly known = new Map<string, Uint8Array>();
  private version: number | undefined;

  private constructor(
    readonly store: DeviceStore,
    readonly state: DeviceState,
  ) {}

  /** Loads the state from a store that holds one (undefined when the store is empty). */
  static async load(store: DeviceStore): Promise<DeviceRecords | undefined> {
    const version = await store.changedElsewhere();
    const lists = new Map<string, StoredRecord[]>();
    for (const kind of [...RELOADED, KINDS.photo, KINDS.outbox]) lists.set(kind, await store.list(kind));
    const records = DeviceRecords.assemble(store, lists);
    if (records) records.version = version;
    return records;
  }

  /** The state from every record, by kind (synchronous, so a test can read a memory store as it is). */
  static assemble(store: DeviceStore, lists: Map<string, StoredRecord[]>): DeviceRecords | undefined {
    const one = (kind: string) => lists.get(kind)?.[0]?.value;
    const meta = one(KINDS.meta);
    const identity = one(KINDS.identity);
    const deviceList = one(KINDS.deviceList);
    const source = one(KINDS.source);
    if (!meta || !identity || !deviceList || !source) return undefined;
    const m = decodeJson<MetaRecord>(meta);
    if (m.v !== 2) throw new RangeError(`device records version: expected 2, got ${String(m.v)}`);
    const ids = decodeJson<IdentityRecord>(identity);
    const state: DeviceState = {
      v: 1,
      name: m.name,
      server: m.server,
      identity: ids.identity,
      device: ids.device,
      deviceList: decodeJson(deviceList),
      invites: {},
      requests: {},
      bonds: {},
      outbox: (lists.get(KINDS.outbox) ?? []).map((r) => decodeJson(r.value)),
      source: decodeJson(source),
      ...(m.displaced ? { displaced: m.displaced } : {}),
      ...(m.droppedElsewhere ? { droppedElsewhere: m.droppedElsewhere } : {}),
    };
    const records = new DeviceRecords(store, state);
    const photos = new Map((lists.get(KINDS.photo) ?? []).map((r) => [r.id, r.value]));
    for (const kind of RELOADED) {
      for (const r of lists.get(kind) ?? []) records.apply(kind, r.id, r.value, photos.get(r.id));
    }
    records.sortCollections(Object.keys(state.bonds));
    return records;
  }

  /** A state written whole for the first time (a new identity, a migration): every record, one batch. */
  static async create(store: DeviceStore, state: DeviceState, ops: StoreOp[]): Promise<DeviceRecords> {
    const records = new DeviceRecords(store, state);
    await store.write(ops);
    records.remember(ops);
    records.version = await store.changedElsewhere();
    return records;
  }

  /** Notes changed pieces to go with the next save. */
  mark(...changes: Change[]): void {
    this.dirty.push(...changes);
  }

  /** Writes the named pieces and everything marked before, in one batch after any earlier save. */
  save(...changes: Change[]): Promise<void> {
    this.dirty.push(...changes);
    this.saving = this.saving.then(() => this.flush());
    return this.saving;
  }

  private async flush(): Promise<void> {
    if (this.dirty.length === 0) return;
    const list = this.dirty;
    this.dirty = [];
    const sending = list.flatMap((c) => (c.kind === 'sending' ? [c.bondId] : []));
    const all = opsFor(
      this.state,
      list.filter((c) => c.kind !== 'sending'),
    );
    // A bond's core or shields this handle read before is merged field by field with what is committed
    // (below); a new one goes in the batch with the rest of its bond.
    const merged = all.filter((op) => op.op === 'put' && MERGED.has(op.kind) && this.known.has(keyOf(op.kind, op.id)));
    const ops = all.filter((op) => !merged.includes(op));
    await this.store.write(ops);
    this.remember(ops);
    for (const op of merged) if (op.op === 'put') await this.mergeFields(op.kind, op.id, op.value);
    // A sending epoch is merged, never overwritten: another process may have taken seqs in it meanwhile.
    for (const bondId of new Set(sending)) await this.mergeSending(bondId);
  }

  /**
   * Writes a record as a three-way merge, atomically against other writers: the fields this handle changed
   * since it last read the record (`known`) take its value, every other field keeps what is committed. So
   * `entwine shield Bob feelings exact` and `entwine shield Bob location city` run at once both hold, and
   * `confirm` marking a bond checked does not undo `watch` marking it active. A record another writer
   * deleted (the bond ended) stays deleted.
   */
  private async mergeFields(kind: string, id: string, mine: Uint8Array): Promise<void> {
    const base = this.known.get(keyOf(kind, id));
    const value = await this.store.update(kind, id, (cur) => {
      if (!cur) return undefined;
      if (!base || sameBytes(cur, base)) return mine;
      return encodeJson(mergeTopLevel(decodeJson(base), decodeJson(mine), decodeJson(cur)));
    });
    if (!value) this.remove(kind, id);
    else if (sameBytes(value, mine)) this.known.set(keyOf(kind, id), value);
    else this.apply(kind, id, value);
  }

  private remember(ops: StoreOp[]): void {
    for (const op of ops) {
      if (op.op === 'put') {
        if (op.kind !== KINDS.photo && op.kind !== KINDS.outbox) this.known.set(keyOf(op.kind, op.id), op.value);
      } else if (op.op === 'delete') this.known.delete(keyOf(op.kind, op.id));
      else for (const k of [...this.known.keys()]) if (k.startsWith(keyOf(op.kind, op.prefix))) this.known.delete(k);
    }
  }

  private async mergeSending(bondId: string): Promise<void> {
    const bond = this.state.bonds[bondId];
    const mine = bond?.sending;
    const value = await this.store.update(KINDS.sending, bondId, (cur) => {
      if (!mine) return undefined;
      const committed = cur ? decodeJson<SendingEpoch>(cur) : undefined;
      if (committed?.epochId !== mine.epochId) return encodeJson(mine);
      const nextSeq = BigInt(committed.nextSeq) > BigInt(mine.nextSeq) ? committed.nextSeq : mine.nextSeq;
      return encodeJson({ ...mine, nextSeq, distributed: mine.distributed || committed.distributed });
    });
    if (value) {
      this.known.set(keyOf(KINDS.sending, bondId), value);
      if (mine) mine.nextSeq = decodeJson<SendingEpoch>(value).nextSeq;
    } else this.known.delete(keyOf(KINDS.sending, bondId));
  }

  /**
   * Takes `count` consecutive seqs of the bond's sending epoch, atomically against every other writer.
   * If another process started a newer epoch for this bond, this device sends under that one too.
   */
  async reserveSeqs(bond: BondState, count: number): Promise<{ epoch: SendingEpoch; first: bigint }> {
    const mine = bond.sending;
    if (!mine) throw new Error('reserveSeqs: the bond has no sending epoch');
    await this.saving; // a new epoch of ours reaches the store first
    let first = 0n;
    let epoch = mine;
    const value = await this.store.update(KINDS.sending, bond.bondId, (cur) => {
      const committed = cur ? decodeJson<SendingEpoch>(cur) : undefined;
      epoch = committed && committed.epochId !== mine.epochId && committed.createdAt > mine.createdAt ? committed : mine;
      const stored = committed?.epochId === epoch.epochId ? BigInt(committed.nextSeq) : 0n;
      const held = epoch === mine ? BigInt(mine.nextSeq) : 0n;
      first = stored > held ? stored : held;
      return encodeJson({ ...epoch, nextSeq: (first + BigInt(count)).toString() });
    });
    const next = decodeJson<SendingEpoch>(value as Uint8Array);
    this.known.set(keyOf(KINDS.sending, bond.bondId), value as Uint8Array);
    if (epoch === mine) mine.nextSeq = next.nextSeq;
    else bond.sending = next;
    return { epoch: bond.sending as SendingEpoch, first };
  }

  /**
   * Reads back what other writers committed since this handle last looked, into the state in memory. Cheap
   * when nothing changed (one `changedElsewhere`). Outbox rows of other processes are theirs to send.
   */
  async refresh(): Promise<Reloaded | undefined> {
    await this.save();
    const version = await this.store.changedElsewhere();
    if (version === this.version) return undefined;
    this.version = version;
    const out: Reloaded = { kinds: new Set(), bondIds: new Set() };
    for (const kind of RELOADED) {
      const present = new Set<string>();
      for (const r of await this.store.list(kind)) {
        present.add(r.id);
        if (sameBytes(this.known.get(keyOf(kind, r.id)), r.value)) continue;
        const photo = kind === KINDS.moment ? await this.store.get(KINDS.photo, r.id) : undefined;
        this.apply(kind, r.id, r.value, photo);
        this.note(out, kind, r.id);
      }
      const prefix = keyOf(kind, '');
      for (const k of [...this.known.keys()]) {
        if (!k.startsWith(prefix)) continue;
        const id = k.slice(prefix.length);
        if (present.has(id)) continue;
        this.remove(kind, id);
        this.note(out, kind, id);
      }
    }
    this.sortCollections([...out.bondIds]);
    return out.kinds.size > 0 ? out : undefined;
  }

  private note(out: Reloaded, kind: string, id: string): void {
    out.kinds.add(kind);
    const bondId = id.split('/')[0];
    if (bondId && kind !== KINDS.invite && kind !== KINDS.request) out.bondIds.add(bondId);
  }

  private sortCollections(bondIds: string[]): void {
    for (const id of bondIds) {
      const bond = this.state.bonds[id];
      bond?.thoughts?.sort((a, b) => a.ts - b.ts);
      bond?.moments?.sort((a, b) => b.header.ts - a.header.ts);
    }
  }

  /** Puts one record's value into the state in memory (objects other code holds are updated in place). */
  private apply(kind: string, id: string, value: Uint8Array, photo?: Uint8Array): void {
    this.known.set(keyOf(kind, id), value);
    const s = this.state;
    const [bondId = '', itemId = ''] = id.split('/');
    const bond = s.bonds[bondId];
    switch (kind) {
      case KINDS.meta: {
        const m = decodeJson<MetaRecord>(value);
        s.name = m.name;
        s.server = m.server;
        if (m.displaced) s.displaced = m.displaced;
        if (m.droppedElsewhere) s.droppedElsewhere = m.droppedElsewhere;
        return;
      }
      case KINDS.identity:
        Object.assign(s, decodeJson<IdentityRecord>(value));
        return;
      case KINDS.deviceList:
        s.deviceList = decodeJson(value);
        return;
      case KINDS.source:
        s.source = decodeJson(value);
        return;
      case KINDS.invite:
        s.invites[id] = decodeJson(value);
        return;
      case KINDS.request:
        s.requests[id] = decodeJson(value);
        return;
      case KINDS.bond: {
        const core = decodeJson<BondCore>(value);
        if (!bond) {
          s.bonds[id] = {
            ...core,
            shield: shieldPolicy({}),
            receiving: {},
            cursor: '0',
            sentView: emptyView(),
            receivedView: emptyView(),
          } as BondState;
          return;
        }
        // In place: a tick or a backlog read holding this bond sees the new core.
        for (const k of Object.keys(bond)) {
          if (
            !(k in core) &&
            !['shield', 'sending', 'receiving', 'cursor', 'sentView', 'receivedView', 'thoughts', 'glances', 'moments'].includes(k)
          ) {
            delete (bond as unknown as Record<string, unknown>)[k];
          }
        }
        Object.assign(bond, core);
        return;
      }
    }
    if (!bond) return; // a piece of a bond this device does not know (its core arrives with it)
    switch (kind) {
      case KINDS.shield:
        bond.shield = decodeJson(value);
        return;
      case KINDS.sending:
        bond.sending = decodeJson(value);
        return;
      case KINDS.receiving: {
        const r = decodeJson<ReceivingRecord>(value);
        bond.receiving = r.receiving;
        bond.cursor = r.cursor;
        return;
      }
      case KINDS.sentView:
        bond.sentView = decodeJson(value);
        return;
      case KINDS.receivedView:
        bond.receivedView = decodeJson(value);
        return;
      case KINDS.glances:
        bond.glances = decodeJson(value);
        return;
      case KINDS.thought: {
        const t = decodeJson<NonNullable<BondState['thoughts']>[number]>(value);
        bond.thoughts ??= [];
        const at = bond.thoughts.findIndex((x) => x.id === itemId);
        if (at >= 0) bond.thoughts[at] = t;
        else bond.thoughts.push(t);
        return;
      }
      case KINDS.moment: {
        const m = decodeJson<MomentRecord>(value);
        bond.moments ??= [];
        const at = bond.moments.findIndex((x) => x.id === itemId);
        const kept = at >= 0 ? bond.moments[at]?.photo : undefined;
        const entry = { ...m, photo: photo ? toBase64url(photo) : (kept ?? '') };
        if (at >= 0) bond.moments[at] = entry;
        else bond.moments.push(entry);
        return;
      }
    }
  }

  private remove(kind: string, id: string): void {
    this.known.delete(keyOf(kind, id));
    const s = this.state;
    const [bondId = '', itemId = ''] = id.split('/');
    const bond = s.bonds[bondId];
    if (kind === KINDS.invite) delete s.invites[id];
    else if (kind === KINDS.request) delete s.requests[id];
    else if (kind === KINDS.bond) delete s.bonds[id];
    else if (kind === KINDS.thought && bond?.thoughts) bond.thoughts = bond.thoughts.filter((t) => t.id !== itemId);
    else if (kind === KINDS.moment && bond?.moments) bond.moments = bond.moments.filter((m) => m.id !== itemId);
    else if (kind === KINDS.sending && bond) delete bond.sending;
    else if (kind === KINDS.glances && bond) delete bond.glances;
  }
}
