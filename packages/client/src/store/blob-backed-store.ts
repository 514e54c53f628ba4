/**
 * A DeviceStore kept as one document in a KeyStore (load/save one string): for the web app until its
 * IndexedDB record store lands, so the browser keeps the protection it has (the document is sealed by the
 * profile's non-extractable key or the passkey) while the device already talks records. Every write saves
 * the whole document, as before: it is a bridge, not where the record store's small writes pay off.
 *
 * A document saved before records (the device state itself, `{v: 1, identity, …}`) is turned into records
 * on first use and saved back in their place in one `save`, which the KeyStore makes atomic.
 * One tab holds the profile at a time (the web app's own lock), so `changedElsewhere` never changes.
 */
import { fromBase64url, toBase64url } from '@entwine/core';
import { parseState } from '../state.ts';
import type { KeyStore } from '../transport.ts';
import type { DeviceStore, StoreOp } from './device-store.ts';
import { memoryStore } from './memory-store.ts';
import { allOps } from './records.ts';

interface RecordsDocument {
  records: 2;
  /** kind → id → base64url value */
  kinds: Record<string, Record<string, string>>;
}

export function blobBackedStore(keyStore: KeyStore): DeviceStore {
  const inner = memoryStore();
  let ready: Promise<void> | undefined;
  let saving: Promise<void> = Promise.resolve();

  const snapshot = (): string => {
    const kinds: RecordsDocument['kinds'] = {};
    for (const [kind, ids] of inner.data.records) {
      if (ids.size === 0) continue;
      const out: Record<string, string> = {};
      for (const [id, value] of ids) out[id] = toBase64url(value);
      kinds[kind] = out;
    }
    return JSON.stringify({ records: 2, kinds } satisfies RecordsDocument);
  };
  const persist = () => {
    const serialized = snapshot();
    saving = saving.then(() => keyStore.save(serialized));
    return saving;
  };
  const load = async () => {
    const serialized = await keyStore.load();
    if (serialized === undefined) return;
    const doc = JSON.parse(serialized) as Partial<RecordsDocument> & { v?: number };
    if (doc.records === 2 && doc.kinds) {
      const ops: StoreOp[] = [];
      for (const [kind, ids] of Object.entries(doc.kinds)) {
        for (const [id, value] of Object.entries(ids)) ops.push({ op: 'put', kind, id, value: fromBase64url(value) });
      }
      await inner.write(ops);
      return;
    }
    // The device state of before records: converted, and saved back as records in one atomic save.
    await inner.write(allOps(parseState(serialized)));
    await persist();
  };
  const open = () => {
    // A failed load (a locked profile) is tried again on the next call, once the person unlocked it.
    ready ??= load().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    async get(kind, id) {
      await open();
      return inner.get(kind, id);
    },
    async list(kind, prefix) {
      await open();
      return inner.list(kind, prefix);
    },
    async write(ops) {
      await open();
      await inner.write(ops);
      await persist();
    },
    async update(kind, id, fn) {
      await open();
      const next = await inner.update(kind, id, fn);
      await persist();
      return next;
    },
    async changedElsewhere() {
      return 0;
    },
    async close() {
      await saving;
    },
  };
}
