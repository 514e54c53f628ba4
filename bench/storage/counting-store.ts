/**
 * A DeviceStore that counts what goes into it while `counting` is on: write batches, updates, and the bytes of every
 * value put (with its kind and id) by `write` or `update`. What the device asked its store to keep — SQLite
 * then writes whole pages of it (a bench measures those from the WAL).
 */
import type { DeviceStore, StoreOp } from '@entwine/client';

export interface Tally {
  /** `write` calls (each one transaction). */
  batches: number;
  /** `update` calls (each one read-modify-write transaction). */
  updates: number;
  bytes: number;
  /** What `afterBatch` answered, summed over the batches (device-writes: the single document's size then). */
  afterBatch: number;
}

export interface CountingStore extends DeviceStore {
  tally: Tally;
  counting: boolean;
  reset(): void;
  /** The store counted (for writes a bench makes without counting them). */
  readonly inner: DeviceStore;
}

export function countingStore(inner: DeviceStore, afterBatch?: () => Promise<number>): CountingStore {
  const store: CountingStore = {
    inner,
    tally: { batches: 0, updates: 0, bytes: 0, afterBatch: 0 },
    counting: false,
    reset() {
      store.tally = { batches: 0, updates: 0, bytes: 0, afterBatch: 0 };
    },
    get: (k, id) => inner.get(k, id),
    list: (k, p) => inner.list(k, p),
    async write(ops: StoreOp[]) {
      await inner.write(ops);
      if (!store.counting) return;
      store.tally.batches++;
      for (const op of ops) if (op.op === 'put') store.tally.bytes += op.value.length + op.kind.length + op.id.length;
      if (afterBatch) store.tally.afterBatch += await afterBatch();
    },
    async update(k, id, fn) {
      const v = await inner.update(k, id, fn);
      if (store.counting) {
        store.tally.updates++;
        store.tally.bytes += (v?.length ?? 0) + k.length + id.length;
      }
      return v;
    },
    changedElsewhere: () => inner.changedElsewhere(),
    close: () => inner.close(),
  };
  return store;
}
