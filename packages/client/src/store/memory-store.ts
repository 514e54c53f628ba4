/**
 * The DeviceStore in memory, for tests and benchmarks. Several handles may share one `MemoryStoreData`
 * (like two processes on one SQLite home): each sees the others' commits through `changedElsewhere`.
 * Values are copied in and out, so a caller can never edit what is stored.
 */
import type { DeviceStore, StoredRecord, StoreOp } from './device-store.ts';

export interface MemoryStoreData {
  records: Map<string, Map<string, Uint8Array>>;
  /** Commits so far, by the handle that made them (for `changedElsewhere`). */
  commits: Map<symbol, number>;
}

export function memoryStoreData(): MemoryStoreData {
  return { records: new Map(), commits: new Map() };
}

export function memoryStore(data: MemoryStoreData = memoryStoreData()): DeviceStore & { readonly data: MemoryStoreData } {
  const me = Symbol('handle');
  let closed = false;
  const kindOf = (kind: string) => {
    let ids = data.records.get(kind);
    if (!ids) {
      ids = new Map();
      data.records.set(kind, ids);
    }
    return ids;
  };
  const open = () => {
    if (closed) throw new Error('memoryStore: used after close');
  };
  const committed = () => data.commits.set(me, (data.commits.get(me) ?? 0) + 1);
  const apply = (op: StoreOp) => {
    const ids = kindOf(op.kind);
    if (op.op === 'put') ids.set(op.id, op.value.slice());
    else if (op.op === 'delete') ids.delete(op.id);
    else for (const id of [...ids.keys()]) if (id.startsWith(op.prefix)) ids.delete(id);
  };
  return {
    data,
    async get(kind, id) {
      open();
      return data.records.get(kind)?.get(id)?.slice();
    },
    async list(kind, prefix = '') {
      open();
      const out: StoredRecord[] = [];
      for (const [id, value] of data.records.get(kind) ?? []) if (id.startsWith(prefix)) out.push({ id, value: value.slice() });
      return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async write(ops) {
      open();
      if (ops.length === 0) return;
      // Validate every op before applying any, so a bad batch leaves nothing half-done.
      for (const op of ops)
        if (op.op === 'put' && !(op.value instanceof Uint8Array)) throw new TypeError(`value of ${op.kind}/${op.id}: expected bytes`);
      for (const op of ops) apply(op);
      committed();
    },
    async update(kind, id, fn) {
      open();
      const current = data.records.get(kind)?.get(id)?.slice();
      const next = fn(current);
      if (next === undefined) kindOf(kind).delete(id);
      else kindOf(kind).set(id, next.slice());
      committed();
      return next?.slice();
    },
    async changedElsewhere() {
      open();
      let others = 0;
      for (const [handle, n] of data.commits) if (handle !== me) others += n;
      return others;
    },
    async close() {
      closed = true;
    },
  };
}
